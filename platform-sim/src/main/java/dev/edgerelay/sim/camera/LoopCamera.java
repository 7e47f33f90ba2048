package dev.edgerelay.sim.camera;

import dev.edgerelay.sim.rtmp.OriginStream;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code loop} and {@code file} mode: replays the shared {@link Clip} on a timer of the stream's event loop, no
 * encoding at all. Each pass continues the timestamps of the last (pass n adds n clip durations), so players
 * see one monotonic stream; each camera starts at a different keyframe of the clip (a different phase).
 */
final class LoopCamera implements Camera {
  private static final Logger LOG = LoggerFactory.getLogger(LoopCamera.class);
  /** The replay timer's period: frames leave at most this late, and a tick costs a few microseconds. */
  static final long TICK_MILLIS = 20;
  /** Frames one tick may send: a stalled loop skips ahead instead of bursting minutes of video. */
  static final int MAX_FRAMES_PER_TICK = 256;
  /** How long {@link #stop()} waits for the loop to take the camera down. */
  static final long STOP_TIMEOUT_MILLIS = 5_000;

  private final Clip clip;
  private final OriginStream stream;
  private final int phase;
  /** Loop-confined state from here on. */
  private ScheduledFuture<?> timer;
  private long startNanos;
  private int cursor;
  /** Added to the clip's timestamps: minus the start frame's, plus one duration per completed pass. */
  private long offset;

  LoopCamera(Clip clip, OriginStream stream, int phase) {
    this.clip = clip;
    this.stream = stream;
    this.phase = phase;
  }

  LoopCamera start() {
    stream.loop().execute(() -> {
      for (Clip.Frame header : clip.headers()) {
        stream.deliver(header.tagAt(0));
      }
      cursor = clip.startIndex(phase);
      offset = -clip.frame(cursor).timestamp();
      startNanos = System.nanoTime();
      timer = stream.loop().scheduleAtFixedRate(this::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
    });
    return this;
  }

  private void tick() {
    long now = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    for (int sent = 0; sent < MAX_FRAMES_PER_TICK; sent++) {
      Clip.Frame frame = clip.frame(cursor);
      long at = frame.timestamp() + offset;
      if (at > now) {
        return;
      }
      stream.deliver(frame.tagAt(at));
      if (++cursor == clip.size()) {
        cursor = 0;
        offset += clip.durationMillis();
      }
    }
    // behind by more than a tick's worth: continue from here as if it were on time
    startNanos = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(clip.frame(cursor).timestamp() + offset);
  }

  @Override
  public void stop() {
    Future<?> stopped = stream.loop().submit(() -> {
      if (timer != null) {
        timer.cancel(false);
      }
      stream.unpublish();
    });
    try {
      stopped.get(STOP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("platform-sim: loop camera {} did not stop cleanly: {}", stream.name(), e.toString());
    }
  }
}
