package dev.edgerelay.relay.rtmp;

import dev.edgerelay.media.rtmp.RtmpConfig;
import dev.edgerelay.media.rtmp.server.LiveStream;
import dev.edgerelay.media.rtmp.server.PlaybackProvider;
import dev.edgerelay.media.rtmp.server.RtmpRequest;
import dev.edgerelay.media.rtmp.server.RtmpServer;
import dev.edgerelay.relay.hub.HubFullException;
import dev.edgerelay.media.stream.ReaderLimits;
import dev.edgerelay.relay.hub.StreamHub;
import dev.edgerelay.relay.hub.StreamKey;
import dev.edgerelay.relay.token.PlayGrant;
import dev.edgerelay.relay.token.PlayTokens;
import dev.edgerelay.relay.token.TokenCheck;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import dev.edgerelay.relay.hub.StreamLease;
import dev.edgerelay.relay.hub.StreamSource;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's RTMP server for the LAN (issue 5). Players come at {@code rtmp://node/live/{dev}-{ch}?{token}}
 * with a token from this edge's play_address (spec 4.1): a play starts the channel if needed and bridges
 * the hub stream into the server; the bridge closes once no player has been connected for
 * {@link #EMPTY_GRACE_MILLIS}. A LAN camera may publish at {@code rtmp://node/live/{dev}-{ch}?key={api-key}}
 * (the master key or that device's own key): it then is its channel's source, and players join it directly.
 */
public final class LanRtmpServer {
  private static final Logger LOG = LoggerFactory.getLogger(LanRtmpServer.class);
  /** The one application the edge serves, as the platform's URLs use it (spec 4.1). */
  public static final String APP = "live";
  /** A bridge with no player is kept this long, so a reconnecting player finds its GOP. */
  static final long EMPTY_GRACE_MILLIS = 5_000;
  static final long SWEEP_MILLIS = 1_000;

  private final Vertx vertx;
  private final StreamHub hub;
  private final PlayTokens tokens;
  private final ReaderLimits limits;
  private final Clock clock;
  private final ConcurrentHashMap<StreamKey, RtmpBridge> bridges = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<StreamKey, LanPublishSource> cameras = new ConcurrentHashMap<>();
  /** Names a publisher was admitted for, until its stream is claimed in the registry. */
  private final Set<String> admittedPublishers = ConcurrentHashMap.newKeySet();
  private final PublisherKeys publisherKeys;
  private RtmpServer server;
  private long sweepTimer = -1;

  /** Decides whether an api-key may publish a device's channel: the master key or the device's own key. */
  @FunctionalInterface
  public interface PublisherKeys {
    boolean mayPublish(String apiKey, String deviceId);
  }

  public LanRtmpServer(Vertx vertx, StreamHub hub, PlayTokens tokens, PublisherKeys publisherKeys,
      ReaderLimits limits, Clock clock) {
    this.vertx = vertx;
    this.publisherKeys = publisherKeys;
    this.hub = hub;
    this.tokens = tokens;
    this.limits = limits;
    this.clock = clock;
  }

  /** Binds (off the event loop: Netty's bind is awaited) and starts the idle sweep. */
  public Future<Integer> start(String host, int port) {
    return vertx.executeBlocking(() -> {
      server = RtmpServer.create(RtmpConfig.defaults(), this::deny);
      server.registry().onPublish(this::claimed);
      server.bind(host, port);
      return server.port();
    }, false).onSuccess(p -> {
      sweepTimer = vertx.setPeriodic(SWEEP_MILLIS, id -> sweep());
      LOG.info("RTMP for LAN players on {}:{}", host, p);
    });
  }

  /** The authorization hook: null admits; a sentence refuses, and the player sees it in onStatus. */
  String deny(RtmpRequest request) {
    if (!APP.equals(request.app())) {
      return "unknown application '" + request.app() + "': play rtmp://node/live/{device_id}-{channel_id}?{token}"
          + " (recordings: rtmp://node/rvod/{device_id}-{channel_id}-{begin}-{end}?{token})";
    }
    StreamKey key = StreamKey.parseDashed(request.streamName());
    if (key == null) {
      return "unknown stream '" + request.streamName() + "': the name is {device_id}-{channel_id}";
    }
    if (request.action() == RtmpRequest.Action.PUBLISH) {
      return admitPublisher(key, request);
    }
    TokenCheck check = tokens.check(tokenOf(request.query()));
    if (!check.valid()) {
      return check.problem();
    }
    if (!check.grant().allows(key, PlayGrant.LIVE)) {
      return "this play token is for " + check.grant().key() + ", not " + key + ": ask play_address for this channel";
    }
    if (cameras.containsKey(key)) {
      return null; // a LAN camera publishes this channel: players join its stream in the server directly
    }
    try {
      bridge(key);
    } catch (HubFullException e) {
      return e.getMessage();
    }
    return null;
  }

  private String admitPublisher(StreamKey key, RtmpRequest request) {
    String apiKey = keyOf(request.query());
    if (apiKey == null || !publisherKeys.mayPublish(apiKey, key.deviceId())) {
      return "publishing " + key + " needs ?key= with the master key or device " + key.deviceId() + "'s own key";
    }
    if (hub.find(key) != null || server.registry().find(APP, key.rtmpName()) != null) {
      return key + " is already live on this edge (relayed from the platform or published): stop that first";
    }
    admittedPublishers.add(key.rtmpName());
    return null;
  }

  /** The registry claimed a name: when it is an admitted LAN camera, make it its channel's source. */
  private void claimed(LiveStream live) {
    if (!APP.equals(live.app()) || !admittedPublishers.remove(live.name())) {
      return; // one of our own bridges, or a name nobody admitted
    }
    StreamKey key = StreamKey.parseDashed(live.name());
    LanPublishSource[] source = new LanPublishSource[1];
    StreamLease[] lease = new StreamLease[1];
    source[0] = new LanPublishSource(key, live, () -> {
      cameras.remove(key, source[0]);
      if (lease[0] != null) {
        lease[0].close();
      }
      hub.stopNow(key);
    });
    cameras.put(key, source[0]);
    try {
      lease[0] = hub.lease(key);
      LOG.info("LAN camera publishing {}", key);
    } catch (HubFullException e) {
      cameras.remove(key, source[0]);
      LOG.warn("LAN camera {} not relayed: {}", key, e.getMessage());
    }
  }

  /**
   * Serves the plays of {@code app} (another than {@link #APP}) from {@code provider}: recorded RTMP,
   * once the recorder is up. Call after {@link #start}.
   */
  public void serve(String app, PlaybackProvider provider) {
    server.playback(app, provider);
  }

  /** The source for {@code key} when a LAN camera publishes it, else null (the hub then pulls from the platform). */
  public StreamSource cameraSource(StreamKey key) {
    return cameras.get(key);
  }

  static String keyOf(String query) {
    if (query == null) {
      return null;
    }
    for (String part : query.split("&")) {
      if (part.startsWith("key=")) {
        return URLDecoder.decode(part.substring("key=".length()), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  /** The query is the raw token (spec 4.1) or {@code token=...}. */
  static String tokenOf(String query) {
    if (query == null || query.isEmpty()) {
      return null;
    }
    for (String part : query.split("&")) {
      if (part.startsWith("token=")) {
        return part.substring("token=".length());
      }
      if (part.indexOf('=') < 0) {
        return part;
      }
    }
    return null;
  }

  private void bridge(StreamKey key) {
    bridges.compute(key, (k, current) -> {
      if (current != null && !current.closed()) {
        return current;
      }
      LiveStream live = server.registry().publish(APP, k.rtmpName());
      if (live == null) {
        live = server.registry().find(APP, k.rtmpName()); // a closed bridge's stream not yet unpublished
      }
      if (live == null) {
        throw new IllegalStateException("RTMP stream " + k.rtmpName() + " is being replaced; retry");
      }
      var context = vertx.getOrCreateContext();
      return new RtmpBridge(hub.lease(k), live, limits, task -> context.runOnContext(v -> task.run()));
    });
  }

  private void sweep() {
    long now = clock.millis();
    bridges.forEach((key, bridge) -> {
      if ((bridge.closed() || bridge.idleFor(now, EMPTY_GRACE_MILLIS)) && bridges.remove(key, bridge)) {
        bridge.close();
      }
    });
  }

  /** RTMP players connected now, over all channels. */
  public int players() {
    return bridges.values().stream().mapToInt(RtmpBridge::players).sum();
  }

  public int port() {
    return server == null ? -1 : server.port();
  }

  public Future<Void> close() {
    if (sweepTimer >= 0) {
      vertx.cancelTimer(sweepTimer);
    }
    bridges.values().forEach(RtmpBridge::close);
    bridges.clear();
    if (server == null) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> {
      server.close();
      return null;
    }, false);
  }
}
