package dev.edgerelay.media.rtmp.server;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Captures what the test logger (slf4j-simple, on System.err) writes while open. */
final class StderrLog implements AutoCloseable {
  private final PrintStream original = System.err;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

  StderrLog() {
    System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
  }

  /** Lines naming the peer at local port {@code port} (loggers print the remote address, "/127.0.0.1:port"). */
  List<String> linesAbout(int port) {
    return bytes.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains(":" + port + ":")).toList();
  }

  @Override
  public void close() {
    System.setErr(original);
  }
}
