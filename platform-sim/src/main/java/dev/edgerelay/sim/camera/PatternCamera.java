package dev.edgerelay.sim.camera;

import dev.edgerelay.sim.SimOptions;
import dev.edgerelay.sim.rtmp.OriginStream;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code pattern} mode: encodes the test pattern with the wall-clock time (HH:mm:ss.SSS) at real-time pace on its
 * own daemon thread, and hands the FLV tags to the origin stream's event loop. Never runs on an event loop.
 */
final class PatternCamera implements Camera {
  private static final Logger LOG = LoggerFactory.getLogger(PatternCamera.class);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
  /** When the encoder falls this far behind real time (a starved CPU), it stops catching up and re-bases. */
  static final long MAX_LAG_NANOS = TimeUnit.SECONDS.toNanos(1);
  /** How long {@link #stop()} waits for the encoder to flush and exit. */
  static final long STOP_TIMEOUT_MILLIS = 5_000;

  private final SimOptions options;
  private final OriginStream stream;
  private final ZoneId zone;
  private final Thread thread;
  private volatile boolean running = true;

  PatternCamera(SimOptions options, OriginStream stream) {
    this.options = options;
    this.stream = stream;
    this.zone = options.clock().getZone();
    this.thread = new Thread(this::run, "sim-camera-" + stream.name());
    thread.setDaemon(true);
  }

  PatternCamera start() {
    thread.start();
    return this;
  }

  private void run() {
    long frameNanos = TimeUnit.SECONDS.toNanos(1) / options.cameraFps();
    try (FlvTagSink sink = new FlvTagSink(stream::offer); PatternEncoder encoder = new PatternEncoder(options, sink)) {
      long base = System.nanoTime();
      long baseFrame = 0;
      for (long frame = 0; running; frame++) {
        long due = base + (frame - baseFrame) * frameNanos;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
          if (!running) {
            break;
          }
        } else if (-wait > MAX_LAG_NANOS) {
          base = System.nanoTime();
          baseFrame = frame;
        }
        encoder.encodeFrame(frame, LocalTime.now(zone).format(TIME), stream.name());
      }
    } catch (Exception e) {
      LOG.error("platform-sim: camera {} stopped: {}", stream.name(), e.toString());
    } finally {
      stream.unpublish();
    }
  }

  @Override
  public void stop() {
    running = false;
    LockSupport.unpark(thread);
    try {
      thread.join(STOP_TIMEOUT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      LOG.warn("platform-sim: camera {} did not stop within {} ms", stream.name(), STOP_TIMEOUT_MILLIS);
    }
  }
}
