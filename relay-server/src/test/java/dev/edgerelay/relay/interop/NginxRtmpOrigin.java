package dev.edgerelay.relay.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.testing.EncodedStreams;
import dev.edgerelay.relay.testing.TestNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real nginx-rtmp standing in for the platform's origin: Debian {@code nginx} with {@code libnginx-mod-rtmp} on a
 * private config and a free loopback port, fed by Debian {@code ffmpeg} publishing x264 High with B-frames and AAC
 * from a lavfi source in real time. One encoder feeds every stream: nginx pushes the published stream to
 * {@code live/NAME} for each name, so each name is a separate live stream that nginx starts its players on as it
 * starts any (audio at once, video from the next keyframe).
 */
final class NginxRtmpOrigin implements AutoCloseable {
  static final Path NGINX = Path.of("/usr/sbin/nginx");
  static final Path RTMP_MODULE = Path.of("/usr/lib/nginx/modules/ngx_rtmp_module.so");
  /** The publisher's frame rate and GOP: 2 s at 25 fps, so a join at a random instant waits up to 2 s for video. */
  static final int FPS = 25;
  static final int GOP_FRAMES = 2 * FPS;
  /** How long a process gets to stop after SIGTERM before it is killed. */
  static final long STOP_SECONDS = 5;

  private final Path dir;
  private final int port;
  private final Process nginx;
  private Process publisher;

  private NginxRtmpOrigin(Path dir, int port, Process nginx) {
    this.dir = dir;
    this.port = port;
    this.nginx = nginx;
  }

  /** Why the origin cannot run on this machine, or null when nginx, its RTMP module and ffmpeg are all there. */
  static String unavailableReason() {
    if (!Files.isExecutable(NGINX)) {
      return "nginx is not installed (" + NGINX + "; scripts/install-peers installs Debian nginx)";
    }
    if (!Files.exists(RTMP_MODULE)) {
      return "the nginx RTMP module is missing (" + RTMP_MODULE + "; Debian libnginx-mod-rtmp)";
    }
    if (!Files.isExecutable(EncodedStreams.FFMPEG) || !Files.isExecutable(EncodedStreams.FFPROBE)) {
      return "Debian ffmpeg/ffprobe not installed (" + EncodedStreams.FFMPEG + ")";
    }
    return null;
  }

  /** A port nothing listens on now, for the origin (picked before the node starts, which must advertise it). */
  static int freePort() throws IOException {
    return TestNode.freePortPair();
  }

  /** Starts nginx on {@code port} with a {@code live/NAME} stream for each of {@code names}, and its publisher. */
  static NginxRtmpOrigin start(Path dir, int port, List<String> names) throws Exception {
    Files.createDirectories(dir.resolve("logs"));
    StringBuilder pushes = new StringBuilder();
    for (String name : names) {
      pushes.append("      push rtmp://127.0.0.1:").append(port).append("/live/").append(name).append(";\n");
    }
    String conf = """
        daemon off;
        worker_processes 1;
        pid %1$s/nginx.pid;
        error_log %1$s/logs/error.log warn;
        load_module %2$s;
        events { worker_connections 256; }
        rtmp {
          server {
            listen 127.0.0.1:%3$d;
            application publish {
              live on;
        %4$s    }
            application live {
              live on;
            }
          }
        }
        """.formatted(dir, RTMP_MODULE, port, pushes);
    Path file = dir.resolve("nginx.conf");
    Files.writeString(file, conf, StandardCharsets.UTF_8);
    Process nginx = new ProcessBuilder(NGINX.toString(), "-p", dir + "/", "-e", dir + "/logs/error.log", "-c",
        file.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("logs/nginx.out").toFile()).start();
    NginxRtmpOrigin origin = new NginxRtmpOrigin(dir, port, nginx);
    try {
      origin.publish();
      return origin;
    } catch (Exception | AssertionError e) {
      origin.close();
      throw e;
    }
  }

  /** "127.0.0.1:PORT", what the emulator's play_address answers as the origin's {@code addr}. */
  String address() {
    return "127.0.0.1:" + port;
  }

  /** Starts the publisher, then checks the first pushed stream carries x264 High with B-frames and AAC. */
  private void publish() throws Exception {
    publisher = new ProcessBuilder(EncodedStreams.FFMPEG.toString(), "-nostdin", "-v", "warning", "-re",
        "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=" + FPS,
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
        "-c:v", "libx264", "-profile:v", "high", "-preset", "veryfast", "-bf", "2", "-g", Integer.toString(GOP_FRAMES),
        "-keyint_min", Integer.toString(GOP_FRAMES), "-sc_threshold", "0", "-pix_fmt", "yuv420p", "-b:v", "600k",
        "-c:a", "aac", "-b:a", "64k", "-f", "flv", "rtmp://127.0.0.1:" + port + "/publish/cam")
        .redirectErrorStream(true).redirectOutput(dir.resolve("logs/publisher.out").toFile()).start();
  }

  /**
   * What ffprobe sees in {@code live/NAME}: one line per stream, {@code codec_name,profile,codec_type,has_b_frames}.
   * Waits (nginx holds a player of a stream not yet pushed) at most {@code seconds}.
   */
  String probe(String name, int seconds) throws Exception {
    Process p = new ProcessBuilder(EncodedStreams.FFPROBE.toString(), "-v", "error", "-rw_timeout",
        Long.toString(seconds * 1_000_000L), "-show_entries", "stream=codec_type,codec_name,profile,has_b_frames",
        "-of", "csv=p=0", "rtmp://" + address() + "/live/" + name).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(seconds + 5L, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("ffprobe of nginx's live/" + name + " did not finish; " + logs());
    }
    assertThat(p.exitValue()).as("ffprobe of nginx's live/%s: %s; %s", name, out, logs()).isZero();
    return out;
  }

  /** The nginx error log and the publisher's output, for failure messages. */
  String logs() {
    return "nginx: " + read("logs/error.log") + read("logs/nginx.out") + " publisher: " + read("logs/publisher.out");
  }

  private String read(String file) {
    try {
      return Files.exists(dir.resolve(file)) ? Files.readString(dir.resolve(file)) : "";
    } catch (IOException e) {
      return e.toString();
    }
  }

  @Override
  public void close() throws InterruptedException {
    for (Process p : publisher == null ? List.of(nginx) : List.of(publisher, nginx)) {
      p.destroy();
      if (!p.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(STOP_SECONDS, TimeUnit.SECONDS);
      }
    }
  }
}
