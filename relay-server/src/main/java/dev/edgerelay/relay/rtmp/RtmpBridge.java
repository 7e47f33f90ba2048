package dev.edgerelay.relay.rtmp;

import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.media.rtmp.server.LiveStream;
import dev.edgerelay.media.stream.ReaderLimits;
import dev.edgerelay.relay.hub.StreamLease;
import dev.edgerelay.media.stream.StreamListener;
import dev.edgerelay.media.stream.StreamReader;
import java.util.concurrent.Executor;

/**
 * Re-serves one hub stream to RTMP players on the LAN (issue 5): a reader of the stream that publishes
 * its units into the RTMP server's {@link LiveStream}, which keeps the GOP and fans out to players.
 * Holds a {@link StreamLease} so the channel keeps running while players are connected.
 */
final class RtmpBridge implements StreamListener {
  private final StreamLease lease;
  private final LiveStream live;
  private final StreamReader reader;
  private long emptySinceMillis = -1;
  private volatile boolean closed;

  RtmpBridge(StreamLease lease, LiveStream live, ReaderLimits limits, Executor executor) {
    this.lease = lease;
    this.live = live;
    this.reader = lease.stream().addReader("rtmp-reserve", limits, executor, this);
  }

  @Override
  public void onUnit(MediaUnit unit) {
    if (closed) {
      unit.release();
      return;
    }
    live.unit(unit);
  }

  @Override
  public void onStreamEnd() {
    close();
  }

  boolean closed() {
    return closed;
  }

  /**
   * Called periodically: true once the stream has had no player for {@code graceMillis}, so a player
   * that reconnects at once finds the GOP still cached.
   */
  boolean idleFor(long nowMillis, long graceMillis) {
    if (live.playerCount() > 0) {
      emptySinceMillis = -1;
      return false;
    }
    if (emptySinceMillis < 0) {
      emptySinceMillis = nowMillis;
    }
    return nowMillis - emptySinceMillis >= graceMillis;
  }

  int players() {
    return live.playerCount();
  }

  /** Stops re-serving: players are told the stream ended, the lease goes back to the idle timer. Idempotent. */
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    reader.close();
    live.unpublish();
    lease.close();
  }
}
