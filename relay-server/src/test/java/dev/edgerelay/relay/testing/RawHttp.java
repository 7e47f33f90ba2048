package dev.edgerelay.relay.testing;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * One HTTP/1.1 exchange over a plain socket, the request sent byte for byte as written: an HTTP client would
 * refuse, fix or re-encode the malformed requests (a bad percent escape, a broken request line, a header over
 * any sane size) whose answers a test has to see. The request asks the server to close the connection, and
 * the answer is read to that close or to its content-length, within a deadline.
 */
public final class RawHttp {
  /** The most of an answer kept: error envelopes are small, and a runaway answer must not fill the heap. */
  static final int MAX_ANSWER_BYTES = 1024 * 1024;

  /** An answer: its status, its content-type, its body, and how long it took from the first byte sent. */
  public record Answer(int status, String contentType, String body, Duration took) {
    public JsonObject json() {
      return new JsonObject(body);
    }
  }

  private RawHttp() {}

  /**
   * Sends {@code method target} with {@code headerLines} (each "name: value", no line ends) and {@code body},
   * and reads the answer; fails when none came within {@code within}.
   */
  public static Answer exchange(int port, String method, String target, String[] headerLines, byte[] body,
      Duration within) throws IOException {
    StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
        .append("host: 127.0.0.1:").append(port).append("\r\nconnection: close\r\n");
    for (String line : headerLines) {
      head.append(line).append("\r\n");
    }
    if (body.length > 0) {
      head.append("content-length: ").append(body.length).append("\r\n");
    }
    head.append("\r\n");
    return send(port, concat(head.toString().getBytes(StandardCharsets.ISO_8859_1), body), within);
  }

  /** Sends {@code request} as it is (not even a line end added) and reads the answer. */
  public static Answer send(int port, byte[] request, Duration within) throws IOException {
    long start = System.nanoTime();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), (int) within.toMillis());
      socket.setSoTimeout((int) within.toMillis());
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request);
        out.flush();
      } catch (SocketException e) {
        // the server may answer and close before it read everything (a header block over its bound): read on
      }
      byte[] answer = readAnswer(socket.getInputStream());
      return parse(answer, Duration.ofNanos(System.nanoTime() - start));
    }
  }

  private static byte[] readAnswer(InputStream in) throws IOException {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int headEnd = -1;
    long contentLength = -1;
    while (got.size() < MAX_ANSWER_BYTES) {
      int n;
      try {
        n = in.read(buffer);
      } catch (SocketException e) { // reset after the answer: what was read is the answer
        break;
      }
      if (n < 0) {
        break;
      }
      got.write(buffer, 0, n);
      String text = got.toString(StandardCharsets.ISO_8859_1);
      if (headEnd < 0 && (headEnd = text.indexOf("\r\n\r\n")) >= 0) {
        contentLength = contentLength(text.substring(0, headEnd));
      }
      if (headEnd >= 0 && contentLength >= 0 && got.size() >= headEnd + 4 + contentLength) {
        break;
      }
    }
    return got.toByteArray();
  }

  private static long contentLength(String head) {
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        return Long.parseLong(line.substring("content-length:".length()).trim());
      }
    }
    return -1;
  }

  private static Answer parse(byte[] answer, Duration took) {
    String text = new String(answer, StandardCharsets.UTF_8);
    int headEnd = text.indexOf("\r\n\r\n");
    if (!text.startsWith("HTTP/1.") || headEnd < 0) { // 1.0 when the request line itself could not be read
      throw new AssertionError("not an HTTP answer: '" + text + "'");
    }
    String[] lines = text.substring(0, headEnd).split("\r\n");
    String contentType = null;
    for (String line : lines) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-type:")) {
        contentType = line.substring("content-type:".length()).trim();
      }
    }
    return new Answer(Integer.parseInt(lines[0].substring(9, 12)), contentType, text.substring(headEnd + 4), took);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
