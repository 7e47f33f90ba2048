package dev.edgerelay.sim.camera;

import dev.edgerelay.sim.CameraMode;
import dev.edgerelay.sim.Channel;
import dev.edgerelay.sim.Device;
import dev.edgerelay.sim.SimOptions;
import dev.edgerelay.sim.SimState;
import dev.edgerelay.sim.StreamSession;
import dev.edgerelay.sim.rtmp.OriginStream;
import dev.edgerelay.sim.rtmp.RtmpOrigin;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The synthetic cameras: one per channel of every synthetic device (those {@code --cameras} seeded) that is
 * online and not closed by closecamera (spec 14). A single daemon thread reconciles that set with the running
 * cameras every {@link #RECONCILE_MILLIS}, so taking a device offline stops its cameras' publishing and bringing
 * it back starts them again. Starting and stopping may block (an encoder flushing), never on an event loop.
 */
public final class CameraFleet implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CameraFleet.class);
  /** How soon a device going offline or online shows in its cameras. */
  public static final long RECONCILE_MILLIS = 200;
  /** Audio of every camera, for the stat lists. */
  static final String AUDIO_CODEC = "AAC";

  private final SimOptions options;
  private final SimState state;
  private final RtmpOrigin origin;
  private final Clip clip;
  private final ScheduledExecutorService reconciler;
  /** Reconciler-thread confined: running cameras by stream name, in start order. */
  private final Map<String, Camera> cameras = new LinkedHashMap<>();
  private int started;
  private boolean closed;

  private CameraFleet(SimOptions options, SimState state, RtmpOrigin origin, Clip clip) {
    this.options = options;
    this.state = state;
    this.origin = origin;
    this.clip = clip;
    this.reconciler = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("sim-camera-fleet", true));
  }

  /**
   * Prepares the clip (loop and file modes, blocking: seconds of encoding) and starts reconciling.
   *
   * @throws IOException when the clip cannot be made (for file mode: the file is missing or not H.264)
   */
  public static CameraFleet start(SimOptions options, SimState state, RtmpOrigin origin) throws IOException {
    Clip clip = switch (options.cameraMode()) {
      case PATTERN, NONE -> null;
      case LOOP -> ClipSources.encodePattern(options);
      case FILE -> ClipSources.remuxFile(Path.of(options.cameraFile()));
    };
    if (clip != null) {
      LOG.info("platform-sim: {} clip of {} ms, {} frames, {} bytes", options.cameraMode().wireName(),
          clip.durationMillis(), clip.size(), clip.bytes());
    }
    CameraFleet fleet = new CameraFleet(options, state, origin, clip);
    if (options.cameraMode() == CameraMode.NONE) {
      return fleet;
    }
    fleet.reconciler.scheduleWithFixedDelay(fleet::reconcile, 0, RECONCILE_MILLIS, TimeUnit.MILLISECONDS);
    return fleet;
  }

  private synchronized void reconcile() {
    if (closed) {
      return;
    }
    try {
      Map<String, Channel> wanted = new LinkedHashMap<>();
      for (Device device : state.devices()) {
        if (device.online() && device.isSynthetic()) {
          for (Channel channel : state.channels(device.id())) {
            if (!state.isCameraClosed(device.id(), channel.channelId())) {
              wanted.put(RtmpOrigin.streamName(device.id(), channel.channelId()), channel);
            }
          }
        }
      }
      Set<String> gone = new HashSet<>(cameras.keySet());
      gone.removeAll(wanted.keySet());
      for (String name : gone) {
        cameras.remove(name).stop();
        LOG.info("platform-sim: camera {} stopped", name);
      }
      wanted.forEach((name, channel) -> {
        if (!cameras.containsKey(name)) {
          startCamera(channel).ifPresent(camera -> cameras.put(name, camera));
        }
      });
    } catch (RuntimeException e) {
      LOG.error("platform-sim: camera reconciliation failed", e);
    }
  }

  private Optional<Camera> startCamera(Channel channel) {
    Clip.Profile profile = clip != null ? clip.profile() : new Clip.Profile(options.cameraWidth(),
        options.cameraHeight(), options.cameraFps(), options.cameraBitrate());
    String name = RtmpOrigin.streamName(channel.deviceId(), channel.channelId());
    StreamSession push = new StreamSession("push-" + name, channel.deviceId(), channel.channelId(), "RTMP",
        "127.0.0.1", "H264", profile.width() + " * " + profile.height(), profile.fps(), AUDIO_CODEC,
        profile.bitrate(), state.clock().millis());
    Optional<OriginStream> stream = origin.publish(push);
    if (stream.isEmpty()) {
      LOG.warn("platform-sim: stream {} is already published, camera not started", name);
      return Optional.empty();
    }
    int phase = started++;
    return Optional.of(options.cameraMode() == CameraMode.PATTERN
        ? new PatternCamera(options, stream.get()).start()
        : new LoopCamera(clip, stream.get(), phase).start());
  }

  /** Running cameras, for tests and the log. */
  public synchronized int running() {
    return cameras.size();
  }

  /** Stops every camera (their streams end) and frees the clip; blocking, call it off any event loop. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    reconciler.shutdownNow();
    cameras.values().forEach(Camera::stop);
    cameras.clear();
    try {
      reconciler.awaitTermination(PatternCamera.STOP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (clip != null) {
      clip.release();
    }
  }
}
