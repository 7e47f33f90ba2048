package dev.edgerelay.relay.metrics;

import dev.edgerelay.media.stream.Stream;
import dev.edgerelay.relay.channels.ChannelDirectory;
import dev.edgerelay.relay.channels.ServedDevice;
import dev.edgerelay.relay.hub.ChannelTraffic;
import dev.edgerelay.relay.hub.ChannelTraffic.Protocol;
import dev.edgerelay.relay.hub.StreamHub;
import dev.edgerelay.relay.hub.StreamKey;
import dev.edgerelay.relay.hub.StreamSource;
import dev.edgerelay.relay.platform.model.Channel;
import dev.edgerelay.relay.pull.PullSession;
import dev.edgerelay.relay.rtmp.LanRtmpServer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * The live path on {@code /edge/metrics} (docs/metrics.md), per channel ({@code edge_channel_*} with
 * {@code device_id}, {@code channel_id}) and for the node ({@code edge_node_*}): units and bytes in, bytes out per
 * protocol, dropped units, reconnects, pull state, HLS and RTMP viewers.
 *
 * <p>Nothing is counted here: the figures are the counters the streams, the pulls, the RTMP server and
 * {@link ChannelTraffic} keep, read at each scrape. A channel's counters run across its successive streams (the hub
 * makes a new one each time the channel starts), so they only grow. Series exist only for channels the directory
 * lists, at most {@link MetricsOptions#maxChannels()}; {@link #refresh()} adds and removes them as the directory
 * changes.
 */
final class LiveMetrics implements StreamHub.StreamWatcher {
  /** The values of {@code state} in {@code edge_channel_pull_state}, one series each. */
  static final List<String> PULL_STATES = List.of("idle", "connecting", "playing", "waiting", "lan_camera");

  private final MeterRegistry registry;
  private final StreamHub hub;
  private final ChannelDirectory directory;
  private final ChannelTraffic traffic;
  private final LanRtmpServer rtmp;
  private final int maxChannels;
  private final Counts node = new Counts();
  private final Map<StreamKey, Counts> channels = new ConcurrentHashMap<>();
  private final Map<StreamKey, List<Meter>> meters = new ConcurrentHashMap<>();

  /** Counters summed over the streams a channel (or the node) has had: those ended and those running. */
  private static final class Counts {
    private final List<Stream> running = new ArrayList<>();
    private long unitsIn;
    private long bytesIn;
    private long dropped;
    private long restarts;

    synchronized void started(Stream stream) {
      running.add(stream);
    }

    /** Folds an ended stream's final counts in, in one step with its removal: the sums never go back. */
    synchronized void ended(Stream stream) {
      if (running.remove(stream)) {
        unitsIn += stream.unitsIn();
        bytesIn += stream.bytesIn();
        dropped += stream.droppedUnits();
        restarts += stream.restarts();
      }
    }

    synchronized long sum(long ended, ToLongFunction<Stream> figure) {
      return ended + running.stream().mapToLong(figure).sum();
    }

    long unitsIn() {
      return sum(unitsIn, Stream::unitsIn);
    }

    long bytesIn() {
      return sum(bytesIn, Stream::bytesIn);
    }

    long dropped() {
      return sum(dropped, Stream::droppedUnits);
    }

    long restarts() {
      return sum(restarts, Stream::restarts);
    }
  }

  LiveMetrics(MeterRegistry registry, StreamHub hub, ChannelDirectory directory, ChannelTraffic traffic,
      LanRtmpServer rtmp, int maxChannels) {
    this.registry = registry;
    this.hub = hub;
    this.directory = directory;
    this.traffic = traffic;
    this.rtmp = rtmp;
    this.maxChannels = maxChannels;
    counter("edge_node_units_in", "media units received, every channel", Tags.empty(), node, Counts::unitsIn);
    counter("edge_node_bytes_in", "media bytes received, every channel", Tags.empty(), node, Counts::bytesIn);
    counter("edge_node_dropped_units", "units readers lost because they fell behind, every channel", Tags.empty(),
        node, Counts::dropped);
    counter("edge_node_reconnects", "source restarts (a reconnect after media), every channel", Tags.empty(), node,
        Counts::restarts);
    for (Protocol p : Protocol.values()) {
      counter("edge_node_bytes_out", "media bytes sent to viewers, every channel", Tags.of("protocol", p.label()),
          traffic, t -> t.bytesSent(p));
    }
    gauge("edge_node_hls_viewers", "HLS viewers (play tokens) seen lately, every channel", Tags.empty(),
        traffic::hlsViewers);
    gauge("edge_node_rtmp_viewers", "RTMP viewers playing now, relays to peer nodes excluded", Tags.empty(),
        rtmp::players);
    for (String state : PULL_STATES) {
      gauge("edge_node_pull_state", "channels whose live source is in this state", Tags.of("state", state),
          () -> channelsIn(state));
    }
    hub.watchStreams(this);
  }

  @Override
  public void started(StreamKey key, Stream stream) {
    node.started(stream);
    Counts counts = counts(key);
    if (counts != null) {
      counts.started(stream);
    }
  }

  @Override
  public void ended(StreamKey key, Stream stream) {
    node.ended(stream);
    Counts counts = channels.get(key);
    if (counts != null) {
      counts.ended(stream);
    }
  }

  /** The counts of {@code key}, made once it is a served channel within the bound; null otherwise. */
  private Counts counts(StreamKey key) {
    Counts counts = channels.get(key);
    if (counts != null || channels.size() >= maxChannels || !served(directory, key)) {
      return counts;
    }
    return channels.computeIfAbsent(key, k -> new Counts());
  }

  /** True when the directory lists {@code key}: only such channels get series, never one a request named. */
  static boolean served(ChannelDirectory directory, StreamKey key) {
    ServedDevice device = directory.device(key.deviceId());
    return device != null && device.channel(key.channelId()) != null;
  }

  /** Before a scrape: series for the channels the directory lists now, within the bound; none for the others. */
  void refresh() {
    Set<StreamKey> listed = new LinkedHashSet<>();
    for (ServedDevice d : directory.devices()) {
      d.channels().forEach(c -> listed.add(new StreamKey(d.id(), c.channelId())));
    }
    meters.keySet().removeIf(key -> {
      if (listed.contains(key)) {
        return false;
      }
      meters.get(key).forEach(registry::remove);
      return true;
    });
    for (StreamKey key : listed) {
      Counts counts = counts(key);
      if (counts != null) {
        meters.computeIfAbsent(key, k -> register(k, counts));
      }
    }
  }

  private List<Meter> register(StreamKey key, Counts counts) {
    Tags tags = Tags.of("device_id", key.deviceId(), "channel_id", Integer.toString(key.channelId()));
    List<Meter> made = new ArrayList<>(List.of(
        counter("edge_channel_units_in", "media units received", tags, counts, Counts::unitsIn),
        counter("edge_channel_bytes_in", "media bytes received", tags, counts, Counts::bytesIn),
        counter("edge_channel_dropped_units", "units readers lost because they fell behind", tags, counts,
            Counts::dropped),
        counter("edge_channel_reconnects", "source restarts: a reconnect after media", tags, counts,
            Counts::restarts),
        gauge("edge_channel_hls_viewers", "HLS viewers (play tokens) seen lately", tags,
            () -> traffic.hlsViewers(key)),
        gauge("edge_channel_rtmp_viewers", "RTMP viewers playing now, relays to peer nodes excluded", tags,
            () -> rtmp.viewers(key))));
    for (Protocol p : Protocol.values()) {
      made.add(counter("edge_channel_bytes_out", "media bytes sent to viewers", tags.and("protocol", p.label()),
          traffic, t -> t.bytesSent(key, p)));
    }
    for (String state : PULL_STATES) {
      made.add(gauge("edge_channel_pull_state", "1 for the state the channel's live source is in, else 0",
          tags.and("state", state), () -> state.equals(pullState(hub.source(key))) ? 1 : 0));
    }
    return made;
  }

  /** The state of a channel's source: a pull's (or relay's) play loop, a LAN camera, or none. */
  static String pullState(StreamSource source) {
    if (source == null) {
      return "idle";
    }
    if (!(source instanceof PullSession pull)) {
      return "lan_camera";
    }
    return switch (pull.state()) {
      case PLAYING -> "playing";
      case WAITING -> "waiting";
      case STOPPED -> "idle";
      case NEW, FETCHING_TOKEN, CONNECTING -> "connecting";
    };
  }

  private int channelsIn(String state) {
    int n = 0;
    for (ServedDevice d : directory.devices()) {
      for (Channel c : d.channels()) {
        if (state.equals(pullState(hub.source(new StreamKey(d.id(), c.channelId()))))) {
          n++;
        }
      }
    }
    return n;
  }

  private <T> Meter counter(String name, String description, Tags tags, T source, ToDoubleFunction<T> figure) {
    return FunctionCounter.builder(name, source, figure).description(description).tags(tags).register(registry);
  }

  /** A gauge over a lambda only the gauge holds: a strong reference, or the collector would take it. */
  private Meter gauge(String name, String description, Tags tags, IntSupplier figure) {
    return Gauge.builder(name, figure, IntSupplier::getAsInt).description(description).tags(tags)
        .strongReference(true).register(registry);
  }
}
