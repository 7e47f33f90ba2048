package dev.edgerelay.sim;

import com.sun.management.OperatingSystemMXBean;
import dev.edgerelay.media.rtmp.RtmpConfig;
import dev.edgerelay.media.rtmp.client.RtmpClient;
import dev.edgerelay.media.rtmp.client.RtmpPlayListener;
import dev.edgerelay.media.rtmp.client.RtmpPull;
import dev.edgerelay.media.rtmp.message.MediaMessage;
import dev.edgerelay.sim.server.PlatformSim;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.ffmpeg.global.avutil;

/**
 * CPU per synthetic camera: the process CPU time (all threads: encoders, origin loops, Vert.x) over a window,
 * minus an emulator with the same devices publishing nothing, divided by the streams; and the video bit rate one
 * player receives. Phases: {@code pattern} (live encoding) at 640x360, {@code loop} at 1280x720 2 Mbit/s. Run:
 * {@code mvn -B -o -q -pl platform-sim -am package -DskipTests}, then {@code java -cp
 * platform-sim/target/test-classes:platform-sim/target/platform-sim.jar dev.edgerelay.sim.CameraBench 10 2 100}
 * (seconds per phase, pattern devices, loop devices; devices have 1.5 channels on average).
 */
public final class CameraBench {
  private static final long PUBLISH_CHECK_MILLIS = 50;
  private static final int PUBLISH_WAIT_SECONDS = 30;

  private CameraBench() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int patternDevices = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    int loopDevices = args.length > 2 ? Integer.parseInt(args[2]) : 100;
    avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    Vertx vertx = Vertx.vertx();
    try (RtmpClient client = RtmpClient.create(RtmpConfig.defaults())) {
      double idlePattern = measure(vertx, client, new SimOptions().setCameraMode(CameraMode.NONE), patternDevices,
          seconds, 0, "none (pattern baseline)");
      measure(vertx, client, new SimOptions().setCameraMode(CameraMode.PATTERN), patternDevices, seconds,
          idlePattern, "pattern 640x360 1 Mbit/s");
      double idleLoop = measure(vertx, client, new SimOptions().setCameraMode(CameraMode.NONE), loopDevices,
          seconds, 0, "none (loop baseline)");
      measure(vertx, client, new SimOptions().setCameraMode(CameraMode.LOOP).setCameraSize(1280, 720)
          .setCameraBitrate(2_000_000), loopDevices, seconds, idleLoop, "loop 1280x720 2 Mbit/s");
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  /** Waits (bounded) until every camera publishes; measures anyway after the bound, saying so. */
  private static void awaitPublishers(Vertx vertx, PlatformSim sim, int streams) throws Exception {
    Promise<Void> all = Promise.promise();
    long check = vertx.setPeriodic(PUBLISH_CHECK_MILLIS, id -> {
      if (sim.state().stats().pushes().size() >= streams) {
        all.tryComplete();
      }
    });
    try {
      all.future().await(PUBLISH_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      System.out.printf("only %d of %d cameras publish after %d s%n", sim.state().stats().pushes().size(), streams,
          PUBLISH_WAIT_SECONDS);
    } finally {
      vertx.cancelTimer(check);
    }
  }

  /** Holds a measuring window on a Vert.x timer (the bench's main thread, never an event loop, waits). */
  private static void hold(Vertx vertx, long millis) {
    vertx.timer(millis, TimeUnit.MILLISECONDS).await();
  }

  /** Returns the process CPU share (cores) of the phase. */
  private static double measure(Vertx vertx, RtmpClient client, SimOptions options, int devices, int seconds,
      double baseline, String label) throws Exception {
    int streams = devices + (devices + 1) / 2; // odd-numbered seeded devices have two channels
    long startMillis = System.currentTimeMillis();
    PlatformSim sim = PlatformSim.start(vertx, options.setHttpPort(0).setRtmpPort(0).setCameras(devices))
        .await(120, TimeUnit.SECONDS);
    long readyMillis = System.currentTimeMillis() - startMillis;
    try {
      boolean publishing = options.cameraMode() != CameraMode.NONE;
      if (publishing) {
        awaitPublishers(vertx, sim, streams);
      }
      AtomicLong videoBytes = new AtomicLong();
      RtmpPull pull = null;
      if (publishing) {
        String device = sim.state().devices().get(0).id();
        String token = sim.state().issueToken(device, 1, null, 600_000).token();
        pull = client.play("rtmp://127.0.0.1:" + sim.rtmpPort() + "/live/" + device + "-1?" + token,
            (RtmpPlayListener) m -> count(m, videoBytes));
        pull.started().get(10, TimeUnit.SECONDS);
      }
      hold(vertx, 2_000); // warm-up: JIT, GOP caches, the player's first burst
      OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      long cpu0 = os.getProcessCpuTime();
      long bytes0 = videoBytes.get();
      long t0 = System.nanoTime();
      hold(vertx, seconds * 1000L);
      double wall = (System.nanoTime() - t0) / 1e9;
      double cores = (os.getProcessCpuTime() - cpu0) / 1e9 / wall;
      double kbps = (videoBytes.get() - bytes0) * 8 / wall / 1000;
      if (pull != null) {
        pull.close();
      }
      System.out.printf("%-28s streams=%4d ready in %5d ms  process CPU %.3f cores%s%n", label,
          publishing ? streams : 0, readyMillis, cores, publishing
              ? String.format("  per camera %.2f%% of a core  player video %.0f kbit/s",
                  (cores - baseline) * 100 / streams, kbps) : "");
      return cores;
    } finally {
      sim.close().await(30, TimeUnit.SECONDS);
    }
  }

  private static void count(MediaMessage message, AtomicLong videoBytes) {
    if (message.isVideo()) {
      videoBytes.addAndGet(message.content().readableBytes());
    }
    message.release();
  }
}
