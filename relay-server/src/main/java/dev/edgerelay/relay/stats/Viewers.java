package dev.edgerelay.relay.stats;

import dev.edgerelay.relay.hub.StreamKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The viewers this node serves now, for getonlinelist (spec 13.1): LAN RTMP players from their play to their close,
 * and HLS viewers, which HTTP leaves without a connection to follow, as runs of requests with one play token from one
 * address that end {@link StatOptions#hlsViewerIdleMillis()} after the last. Relays of peer nodes are not viewers and
 * are never added. Bounded by {@link StatOptions#maxViewers()}: viewers beyond it are counted in {@link #untracked()}.
 * Thread-safe; every call is a short map operation under one lock.
 */
public final class Viewers {
  /** Spec 13.1's protocoltype values. */
  public static final String RTMP = "RTMP";
  public static final String HLS = "HLS";

  /** One viewer: what it watches, how, from where, since when (epoch ms). */
  public record Viewer(StreamKey key, String protocol, String clientIp, long sinceMillis) {}

  private static final class Entry {
    final Viewer viewer;
    volatile long lastSeenMillis;

    Entry(Viewer viewer, long now) {
      this.viewer = viewer;
      this.lastSeenMillis = now;
    }
  }

  private final int maxViewers;
  private final long hlsIdleMillis;
  private final Clock clock;
  private final Map<String, Entry> byId = new LinkedHashMap<>();
  private final AtomicLong untracked = new AtomicLong();
  private long nextRtmpId;

  public Viewers(StatOptions options, Clock clock) {
    this.maxViewers = options.maxViewers();
    this.hlsIdleMillis = options.hlsViewerIdleMillis();
    this.clock = clock;
  }

  /** An RTMP player of {@code key} started; the returned action, run once when it stops, removes it. */
  public Runnable rtmpPlayer(StreamKey key, String clientIp) {
    String id;
    synchronized (this) {
      if (!roomForOneMore()) {
        untracked.incrementAndGet();
        return () -> {};
      }
      id = "rtmp " + nextRtmpId++;
      long now = clock.millis();
      byId.put(id, new Entry(new Viewer(key, RTMP, clientIp, now), now));
    }
    return () -> {
      synchronized (this) {
        byId.remove(id);
      }
    };
  }

  /** An HLS request (playlist or segment) of {@code key} answered to {@code clientIp} with {@code token}. */
  public void hlsRequest(StreamKey key, String clientIp, String token) {
    String id = "hls " + key.rtmpName() + " " + clientIp + " " + token;
    long now = clock.millis();
    synchronized (this) {
      Entry entry = byId.get(id);
      if (entry != null) {
        entry.lastSeenMillis = now;
      } else if (roomForOneMore()) {
        byId.put(id, new Entry(new Viewer(key, HLS, clientIp, now), now));
      } else {
        untracked.incrementAndGet();
      }
    }
  }

  /** The viewers now, oldest first; HLS viewers gone idle are dropped. */
  public synchronized List<Viewer> list() {
    pruneIdle(clock.millis());
    List<Viewer> out = new ArrayList<>(byId.size());
    byId.values().forEach(e -> out.add(e.viewer));
    return out;
  }

  /** Viewers not listed because {@link StatOptions#maxViewers()} were tracked already, since start. */
  public long untracked() {
    return untracked.get();
  }

  private boolean roomForOneMore() {
    if (byId.size() >= maxViewers) {
      pruneIdle(clock.millis());
    }
    return byId.size() < maxViewers;
  }

  private void pruneIdle(long now) {
    for (Iterator<Entry> it = byId.values().iterator(); it.hasNext(); ) {
      Entry e = it.next();
      if (e.viewer.protocol().equals(HLS) && now - e.lastSeenMillis >= hlsIdleMillis) {
        it.remove();
      }
    }
  }
}
