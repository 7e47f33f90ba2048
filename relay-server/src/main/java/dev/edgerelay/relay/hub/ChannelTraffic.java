package dev.edgerelay.relay.hub;

import java.time.Clock;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * What the node sends its live viewers, per channel and in total: media bytes out by protocol, and the HLS viewers
 * seen lately. HLS has no connection to count, so an HLS viewer is a play token that fetched the channel's playlist
 * or one of its segments within the last {@code viewerWindowMillis} (a player fetches the playlist about once per
 * segment). Safe from any thread; a count costs one {@link LongAdder} add per HLS answer or RTMP unit.
 *
 * <p>Bounded: only channels {@code tracked} accepts (those the node serves) get their own counts, at most
 * {@code maxChannels} of them, the others count in the totals only; a channel remembers at most {@code maxViewers}
 * tokens, a viewer past that bound is not counted until an older one has gone quiet.
 */
public final class ChannelTraffic {
  /** The protocols live media leaves the node by. */
  public enum Protocol {
    HLS, RTMP;

    /** The label value in metrics: {@code hls}, {@code rtmp}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Predicate<StreamKey> tracked;
  private final int maxChannels;
  private final int maxViewers;
  private final long viewerWindowMillis;
  private final Clock clock;
  private final Map<Protocol, LongAdder> totals = new EnumMap<>(Protocol.class);
  private final ConcurrentHashMap<StreamKey, Counts> channels = new ConcurrentHashMap<>();

  /** One channel's bytes by protocol and its HLS viewers (token to when last seen, epoch ms). */
  private static final class Counts {
    final Map<Protocol, LongAdder> bytes = new EnumMap<>(Protocol.class);
    final ConcurrentHashMap<String, Long> hlsViewers = new ConcurrentHashMap<>();

    Counts() {
      for (Protocol p : Protocol.values()) {
        bytes.put(p, new LongAdder());
      }
    }
  }

  /**
   * @param tracked the channels that may have counts of their own: those the node serves, never one a request named
   * @param maxChannels most channels with counts of their own
   * @param maxViewers most HLS viewer tokens remembered per channel
   * @param viewerWindowMillis an HLS viewer silent this long is no longer counted
   */
  public ChannelTraffic(Predicate<StreamKey> tracked, int maxChannels, int maxViewers, long viewerWindowMillis,
      Clock clock) {
    this.tracked = tracked;
    this.maxChannels = maxChannels;
    this.maxViewers = maxViewers;
    this.viewerWindowMillis = viewerWindowMillis;
    this.clock = clock;
    for (Protocol p : Protocol.values()) {
      totals.put(p, new LongAdder());
    }
  }

  /** {@code bytes} of {@code key}'s media went out over {@code protocol}. */
  public void sent(StreamKey key, Protocol protocol, long bytes) {
    totals.get(protocol).add(bytes);
    Counts counts = counts(key);
    if (counts != null) {
      counts.bytes.get(protocol).add(bytes);
    }
  }

  /** The HLS viewer holding {@code token} fetched {@code key}'s playlist or a segment now. */
  public void hlsSeen(StreamKey key, String token) {
    Counts counts = counts(key);
    if (counts == null || token == null) {
      return;
    }
    long now = clock.millis();
    if (counts.hlsViewers.size() >= maxViewers && !counts.hlsViewers.containsKey(token)) {
      forgetQuiet(counts, now);
      if (counts.hlsViewers.size() >= maxViewers) {
        return;
      }
    }
    counts.hlsViewers.put(token, now);
  }

  private Counts counts(StreamKey key) {
    Counts counts = channels.get(key);
    if (counts != null || channels.size() >= maxChannels || !tracked.test(key)) {
      return counts;
    }
    return channels.computeIfAbsent(key, k -> new Counts());
  }

  /** Bytes of {@code key}'s media sent over {@code protocol} since start; 0 for a channel without counts. */
  public long bytesSent(StreamKey key, Protocol protocol) {
    Counts counts = channels.get(key);
    return counts == null ? 0 : counts.bytes.get(protocol).sum();
  }

  /** Bytes of every channel's media sent over {@code protocol} since start. */
  public long bytesSent(Protocol protocol) {
    return totals.get(protocol).sum();
  }

  /** HLS viewers of {@code key} seen within the window; forgets those gone quiet. */
  public int hlsViewers(StreamKey key) {
    Counts counts = channels.get(key);
    if (counts == null) {
      return 0;
    }
    forgetQuiet(counts, clock.millis());
    return counts.hlsViewers.size();
  }

  /** HLS viewers of every channel with counts, seen within the window. */
  public int hlsViewers() {
    return channels.keySet().stream().mapToInt(this::hlsViewers).sum();
  }

  private void forgetQuiet(Counts counts, long now) {
    counts.hlsViewers.values().removeIf(seen -> now - seen > viewerWindowMillis);
  }
}
