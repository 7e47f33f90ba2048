package dev.edgerelay.sim;

import dev.edgerelay.media.rtmp.client.RtmpClient;
import dev.edgerelay.media.rtmp.client.RtmpPlayListener;
import dev.edgerelay.media.rtmp.client.RtmpPull;
import dev.edgerelay.media.rtmp.message.MediaMessage;
import dev.edgerelay.sim.server.PlatformSim;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A test player on the media module's RtmpClient: remembers what each media message was (track, timestamp,
 * keyframe, sequence header), releases it at once, and completes {@link #enough()} once {@code spanMillis} of
 * video after the first frame arrived.
 */
final class RtmpProbe implements RtmpPlayListener, AutoCloseable {
  /** @param atNanos when it arrived ({@link System#nanoTime()}) */
  record Seen(boolean video, long timestamp, boolean keyframe, boolean sequenceHeader, long atNanos) {}

  private final List<Seen> seen = new ArrayList<>();
  private final CompletableFuture<Void> enough = new CompletableFuture<>();
  private final long spanMillis;
  private Long firstVideo;
  private RtmpPull pull;

  private RtmpProbe(long spanMillis) {
    this.spanMillis = spanMillis;
  }

  static RtmpProbe play(RtmpClient client, String url, long spanMillis) {
    RtmpProbe probe = new RtmpProbe(spanMillis);
    probe.pull = client.play(url, probe);
    return probe;
  }

  static String url(PlatformSim sim, String deviceId, int channel, String token) {
    return "rtmp://127.0.0.1:" + sim.rtmpPort() + "/live/" + deviceId + "-" + channel + "?" + token;
  }

  @Override
  public void onMedia(MediaMessage message) {
    try {
      Seen s = new Seen(message.isVideo(), message.timestamp(), message.isKeyframe(), message.isSequenceHeader(),
          System.nanoTime());
      synchronized (this) {
        seen.add(s);
      }
      if (s.video() && !s.sequenceHeader()) {
        if (firstVideo == null) {
          firstVideo = s.timestamp();
        }
        if (s.timestamp() - firstVideo >= spanMillis) {
          enough.complete(null);
        }
      }
    } finally {
      message.release();
    }
  }

  CompletableFuture<Void> enough() {
    return enough;
  }

  RtmpPull pull() {
    return pull;
  }

  synchronized List<Seen> seen() {
    return List.copyOf(seen);
  }

  /** Video frames (no sequence headers) in arrival order. */
  List<Seen> videoFrames() {
    return seen().stream().filter(s -> s.video() && !s.sequenceHeader()).toList();
  }

  List<Seen> audioFrames() {
    return seen().stream().filter(s -> !s.video() && !s.sequenceHeader()).toList();
  }

  @Override
  public void close() {
    pull.close();
  }
}
