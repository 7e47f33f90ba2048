package dev.edgerelay.relay.cluster.live;

import dev.edgerelay.media.rtmp.client.RtmpClient;
import dev.edgerelay.media.stream.Stream;
import dev.edgerelay.relay.cluster.ClusterMetrics;
import dev.edgerelay.relay.cluster.NodeRecord;
import dev.edgerelay.relay.cluster.Origin;
import dev.edgerelay.relay.cluster.Ownership;
import dev.edgerelay.relay.cluster.ownership.OriginKind;
import dev.edgerelay.relay.cluster.ownership.TakeoverPacer;
import dev.edgerelay.relay.hub.StreamHub;
import dev.edgerelay.relay.hub.StreamKey;
import dev.edgerelay.relay.hub.StreamSource;
import dev.edgerelay.relay.platform.PlatformClient;
import dev.edgerelay.relay.pull.PullOptions;
import dev.edgerelay.relay.pull.PullSession;
import dev.edgerelay.relay.rtmp.LanCameras;
import dev.edgerelay.relay.token.PlayTokens;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's source factory on a site of nodes (docs/architecture.md, "Cluster: live path"): a LAN camera
 * publishing here feeds its channel; otherwise the channel's origin decides, a platform pull when it is this
 * node, else a relay from the origin node's LAN RTMP. When origins change, every running stream whose wanted
 * source changed switches in place ({@link StreamHub#replaceSource}: readers, leases and the HLS window stay, a
 * discontinuity is marked); pulls started by such a change (takeovers) go through a {@link TakeoverPacer}, the
 * channels with the most readers (recorded and watched) first, each holding its turn until its first connect. It keeps
 * this node's claims: a pull or a LAN camera is claimed while it feeds a stream, released when it stops or
 * becomes a relay. A single node is always the origin, so it pulls exactly as before.
 */
public final class LiveSources implements StreamSource.Factory {
  private static final Logger LOG = LoggerFactory.getLogger(LiveSources.class);

  /** Readers beyond this many do not make a takeover more urgent. */
  private static final int MAX_PRIORITY = 100;

  /** What feeds a running stream: a LAN camera publishing here, a platform pull, or a relay from another node. */
  public enum Kind { CAMERA, PULL, RELAY }

  /**
   * What feeds a running stream: the kind, the node it comes from (this one, or for a relay the origin), and since
   * when (epoch ms; getpushlist's pushtime, spec 13.2).
   */
  public record Fed(Kind kind, String origin, long sinceMillis) {
  }

  private final Vertx vertx;
  private final Ownership ownership;
  private final LanCameras cameras;
  private final PlatformClient platform;
  private final RtmpClient rtmp;
  private final PullOptions pullOptions;
  private final PlayTokens tokens;
  private final Clock clock;
  private final TakeoverPacer takeovers;
  private final ClusterMetrics metrics;
  private final ConcurrentHashMap<StreamKey, Fed> fed = new ConcurrentHashMap<>();
  /** Channels whose takeover waits for its turn, so another change does not queue it twice. */
  private final Set<StreamKey> pendingTakeovers = ConcurrentHashMap.newKeySet();
  private StreamHub hub;
  private Context context;
  /** Channels whose pull here stays their source though their origin moved (a recorder hands them off first). */
  private volatile Predicate<StreamKey> holding = key -> false;

  public LiveSources(Vertx vertx, Ownership ownership, LanCameras cameras, PlatformClient platform, RtmpClient rtmp,
      PullOptions pullOptions, PlayTokens tokens, Clock clock, TakeoverPacer takeovers, ClusterMetrics metrics) {
    this.vertx = vertx;
    this.ownership = ownership;
    this.cameras = cameras;
    this.platform = platform;
    this.rtmp = rtmp;
    this.pullOptions = pullOptions;
    this.tokens = tokens;
    this.clock = clock;
    this.takeovers = takeovers;
    this.metrics = metrics;
  }

  /** Channels ({@code dev-ch}) this node relays from another node's origin now, sorted: its record's relays. */
  public List<String> relaying() {
    return fed.entrySet().stream().filter(e -> e.getValue().kind() == Kind.RELAY)
        .map(e -> e.getKey().rtmpName()).sorted().toList();
  }

  /** What feeds {@code key} here now; null when it does not run here. */
  public Fed fed(StreamKey key) {
    return fed.get(key);
  }

  /** Follows {@code hub}'s source changes and this node's ownership from now on; call once, on a context. */
  public void attach(StreamHub hub) {
    this.hub = hub;
    this.context = Vertx.currentContext();
    hub.onSourceChange(this::fedBy);
    ownership.onChange(this::originsChanged);
  }

  /**
   * While {@code holding} says so, a pull this node runs stays the channel's source after its origin moved:
   * make before break, the recorder here keeps recording until the new origin has recorded (docs/architecture.md,
   * "Cluster: recording"). {@link #recheck} once a hold ends.
   */
  public void holdPullsWhile(Predicate<StreamKey> holding) {
    this.holding = holding;
  }

  /** Applies the origins again (a hold ended); from any thread. */
  public void recheck() {
    Context c = context;
    if (c != null) {
      c.runOnContext(v -> originsChanged());
    }
  }

  @Override
  public StreamSource create(StreamKey key) {
    StreamSource camera = cameras.source(key);
    StreamSource source = camera != null ? camera : sourceFor(key, ownership.originOf(key));
    fedBy(key, source);
    return source;
  }

  private PullSession sourceFor(StreamKey key, Origin origin) {
    return origin.local() ? new PullSession(key, vertx, platform, rtmp, pullOptions, clock)
        : new PullSession(key, vertx, new RelayUpstream(key, origin.node(), ownership, tokens), rtmp, pullOptions,
            clock);
  }

  /** Records what feeds {@code key} now and claims or releases it: null when the stream stopped. */
  private void fedBy(StreamKey key, StreamSource now) {
    long since = clock.millis();
    Fed next = now == null ? null : now == cameras.source(key) ? new Fed(Kind.CAMERA, ownership.selfName(), since)
        : now instanceof PullSession pull && pull.upstream() instanceof RelayUpstream relay
            ? new Fed(Kind.RELAY, relay.originNode(), since) : new Fed(Kind.PULL, ownership.selfName(), since);
    Fed before = next == null ? fed.remove(key) : fed.put(key, next);
    if (next != null && next.kind() != Kind.RELAY) {
      ownership.claim(key, next.kind() == Kind.CAMERA ? OriginKind.LAN_PUBLISH : OriginKind.PULL);
    } else if (before != null && before.kind() != Kind.RELAY) {
      ownership.release(key);
    }
  }

  /** Each running stream whose origin moved switches to the source it wants now. */
  private void originsChanged() {
    fed.forEach((key, now) -> {
      if (now.kind() == Kind.CAMERA) {
        return; // a LAN camera's node is the channel's origin: its publish stays the source
      }
      Origin origin = ownership.originOf(key);
      if (origin.local() && now.kind() == Kind.RELAY) {
        takeOver(key);
      } else if (!origin.local() && !origin.node().equals(now.origin())
          && !(now.kind() == Kind.PULL && holding.test(key))) {
        LOG.info("{}: origin moved to node {}, relaying from there", key, origin.node());
        hub.replaceSource(key, sourceFor(key, origin));
      }
    });
  }

  /**
   * A takeover from an origin that died is timed from when the site saw it leave (its record's down_since) to the
   * first unit here; one from a live origin (a rebalance, a join) is not a failover and is not timed.
   */
  private void timeTakeover(String formerOrigin, long firstUnitAtMillis) {
    NodeRecord former = ownership.site().records().get(formerOrigin);
    if (former != null && former.downSince() > 0) {
      metrics.takeover(firstUnitAtMillis - former.downSince());
    }
  }

  /** This node became {@code key}'s origin: a pull replaces the relay when the pacer gives it its turn. */
  private void takeOver(StreamKey key) {
    if (!pendingTakeovers.add(key)) {
      return;
    }
    Stream stream = hub.find(key);
    int readers = stream == null ? 0 : Math.min(stream.readerCount(), MAX_PRIORITY);
    takeovers.<Void>submit(readers, () -> {
      pendingTakeovers.remove(key);
      Fed now = fed.get(key);
      if (now == null || now.kind() != Kind.RELAY || !ownership.originOf(key).local()) {
        return Future.succeededFuture(); // stopped, or the origin moved again while it waited
      }
      LOG.info("{}: this node is the origin now, pulling from the platform", key);
      PullSession pull = new PullSession(key, vertx, platform, rtmp, pullOptions, clock);
      if (!hub.replaceSource(key, pull)) {
        return Future.succeededFuture();
      }
      pull.firstMedia().onSuccess(at -> timeTakeover(now.origin(), at));
      return pull.firstAttempt();
    }).onFailure(err -> {
      pendingTakeovers.remove(key);
      LOG.warn("{}: takeover not started: {}", key, err.getMessage());
    });
  }
}
