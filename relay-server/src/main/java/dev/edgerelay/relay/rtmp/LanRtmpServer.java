package dev.edgerelay.relay.rtmp;

import dev.edgerelay.media.rtmp.RtmpConfig;
import dev.edgerelay.media.rtmp.message.NetStatus;
import dev.edgerelay.media.rtmp.server.Playback;
import dev.edgerelay.media.rtmp.server.PlaybackProvider;
import dev.edgerelay.media.rtmp.server.PlayerChannel;
import dev.edgerelay.media.rtmp.server.Publication;
import dev.edgerelay.media.rtmp.server.PublishProvider;
import dev.edgerelay.media.rtmp.server.RtmpRequest;
import dev.edgerelay.media.rtmp.server.RtmpServer;
import dev.edgerelay.media.rtmp.server.StreamPlayback;
import dev.edgerelay.media.stream.ReaderLimits;
import dev.edgerelay.media.stream.ReaderStart;
import dev.edgerelay.relay.hub.ChannelTraffic;
import dev.edgerelay.relay.hub.HubFullException;
import dev.edgerelay.relay.hub.StreamHub;
import dev.edgerelay.relay.hub.StreamKey;
import dev.edgerelay.relay.hub.StreamLease;
import dev.edgerelay.relay.token.PlayGrant;
import dev.edgerelay.relay.token.PlayTokens;
import dev.edgerelay.relay.token.TokenCheck;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's RTMP server for the LAN. Players come at {@code rtmp://node/live/{dev}-{ch}?{token}} with a token
 * from this edge's play_address (spec 4.1): each is a reader of the channel's hub stream, joining from its
 * cached GOP, and holds a {@link StreamLease} so the channel runs while it plays. A LAN camera may publish at
 * {@code rtmp://node/live/{dev}-{ch}?key={api-key}} (the master key or that device's own key): it then feeds
 * its channel's hub stream, which its players read as any other.
 *
 * <p>A peer node relaying a channel plays it with {@code &relay={its name}} after the token. It is admitted
 * only when this node is the channel's origin ({@link RelayAdmission}), so relays never chain or loop, and it
 * is listed as a relay, not counted as a viewer (docs/architecture.md, "Cluster: live path").
 */
public final class LanRtmpServer {
  private static final Logger LOG = LoggerFactory.getLogger(LanRtmpServer.class);
  /** The one application the edge serves, as the platform's URLs use it (spec 4.1). */
  public static final String APP = "live";
  /** The query parameter a relay play names its node with: {@code ?{token}&relay={node}}. */
  public static final String RELAY_PARAM = "relay";

  private final Vertx vertx;
  private final StreamHub hub;
  private final LanCameras cameras;
  private final PlayTokens tokens;
  private final PublisherKeys publisherKeys;
  private final ReaderLimits limits;
  private final RtmpServer server;
  private final RelayAdmission relays;
  private final Viewers viewers;
  private final ChannelTraffic traffic;
  private final AtomicInteger players = new AtomicInteger();
  /** Viewers and relays playing each channel now; an entry goes when its last player leaves. */
  private final ConcurrentHashMap<StreamKey, ChannelPlayers> byChannel = new ConcurrentHashMap<>();

  /** Decides whether an api-key may publish a device's channel: the master key or the device's own key. */
  @FunctionalInterface
  public interface PublisherKeys {
    boolean mayPublish(String apiKey, String deviceId);
  }

  /** Decides whether a peer node may relay a channel from here: null admits, else the refusal's sentence. */
  @FunctionalInterface
  public interface RelayAdmission {
    String refuse(StreamKey key, String fromNode);
  }

  /**
   * Told of every viewer's play (relays are no viewers): the players of getonlinelist (spec 13.1). The action it
   * returns runs once when the play ends.
   */
  @FunctionalInterface
  public interface Viewers {
    Runnable started(StreamKey key, String clientIp);
  }

  /**
   * Ready to serve once {@link #start} binds; the hub's source factory must already consult {@code cameras}.
   * {@code traffic} counts the media bytes of every live play, relays to peer nodes included.
   */
  public LanRtmpServer(Vertx vertx, RtmpConfig config, StreamHub hub, LanCameras cameras, PlayTokens tokens,
      PublisherKeys publisherKeys, RelayAdmission relays, ReaderLimits limits, Viewers viewers, ChannelTraffic traffic) {
    this.viewers = viewers;
    this.vertx = vertx;
    this.hub = hub;
    this.cameras = cameras;
    this.tokens = tokens;
    this.publisherKeys = publisherKeys;
    this.relays = relays;
    this.limits = limits;
    this.traffic = traffic;
    this.server = RtmpServer.create(config, LanRtmpServer::unknownApplication)
        .playback(APP, new LivePlays())
        .publishing(APP, new LivePublishes());
  }

  /** Binds (off the event loop: Netty's bind is awaited). */
  public Future<Integer> start(String host, int port) {
    return vertx.executeBlocking(() -> server.bind(host, port).port(), false)
        .onSuccess(p -> LOG.info("RTMP for LAN players on {}:{}", host, p));
  }

  /** The authorization hook for applications nobody serves: a sentence the player sees in onStatus. */
  static String unknownApplication(RtmpRequest request) {
    return "unknown application '" + request.app() + "': play rtmp://node/live/{device_id}-{channel_id}?{token}"
        + " (recordings: rtmp://node/rvod/{device_id}-{channel_id}-{begin}-{end}?{token})";
  }

  private static String unknownStream(RtmpRequest request) {
    return "unknown stream '" + request.streamName() + "': the name is {device_id}-{channel_id}";
  }

  /** Live plays: token checks, then a reader of the hub stream per player. */
  private final class LivePlays implements PlaybackProvider {
    @Override
    public String deny(RtmpRequest request) {
      StreamKey key = StreamKey.parseDashed(request.streamName());
      if (key == null) {
        return unknownStream(request);
      }
      TokenCheck check = tokens.check(tokenOf(request.query()));
      if (!check.valid()) {
        return check.problem();
      }
      if (!check.grant().allows(key, PlayGrant.LIVE)) {
        return "this play token is for " + check.grant().key() + ", not " + key + ": ask play_address for this channel";
      }
      String relayFrom = relayOf(request.query());
      if (relayFrom != null) {
        String refused = relays.refuse(key, relayFrom);
        if (refused != null) {
          return refused;
        }
      }
      return hub.hasRoomFor(key) ? null : hub.fullMessage();
    }

    @Override
    public Playback start(RtmpRequest request, PlayerChannel player) {
      StreamKey key = StreamKey.parseDashed(request.streamName());
      StreamLease lease;
      try {
        lease = hub.lease(key);
      } catch (HubFullException e) {
        player.status(NetStatus.LEVEL_ERROR, NetStatus.PLAY_FAILED, e.getMessage());
        return NOTHING_PLAYS;
      }
      LanPublishSource camera = cameras.camera(key);
      String relayFrom = relayOf(request.query());
      Runnable viewerLeft = relayFrom != null ? () -> {} : viewers.started(key, hostOf(request.peer()));
      if (relayFrom == null) {
        players.incrementAndGet();
      }
      byChannel.compute(key, (k, now) -> (now == null ? new ChannelPlayers() : now).add(relayFrom));
      return new StreamPlayback(lease.stream(), player, ReaderStart.CACHED_GOP, limits,
          camera == null ? () -> null : camera::metadata, () -> {
            viewerLeft.run();
            if (relayFrom == null) {
              players.decrementAndGet();
            }
            byChannel.computeIfPresent(key, (k, now) -> now.remove(relayFrom) ? null : now);
            lease.close();
          }, bytes -> traffic.sent(key, ChannelTraffic.Protocol.RTMP, bytes));
    }
  }

  /** The IP of a player's address, "" when it has none (an embedded test channel). */
  private static String hostOf(java.net.SocketAddress peer) {
    return peer instanceof java.net.InetSocketAddress inet && inet.getAddress() != null
        ? inet.getAddress().getHostAddress() : "";
  }

  /** A refused play that got as far as starting: nothing to stop. */
  private static final Playback NOTHING_PLAYS = new Playback() {
    @Override
    public void writable() {}

    @Override
    public void seek(long millis) {}

    @Override
    public void pause(boolean pause, long millis) {}

    @Override
    public void close() {}
  };

  /** LAN cameras: a publisher with its device's key becomes its channel's source. */
  private final class LivePublishes implements PublishProvider {
    @Override
    public String deny(RtmpRequest request) {
      StreamKey key = StreamKey.parseDashed(request.streamName());
      if (key == null) {
        return unknownStream(request);
      }
      String apiKey = keyOf(request.query());
      if (apiKey == null || !publisherKeys.mayPublish(apiKey, key.deviceId())) {
        return "publishing " + key + " needs ?key= with the master key or device " + key.deviceId() + "'s own key";
      }
      if (cameras.publishing(key)) {
        return key + " is already published to this edge by another camera: stop that one first";
      }
      // a channel pulled from the platform is taken over by its LAN camera (start, below)
      return hub.find(key) != null || hub.hasRoomFor(key) ? null : hub.fullMessage();
    }

    @Override
    public Publication start(RtmpRequest request) {
      StreamKey key = StreamKey.parseDashed(request.streamName());
      StreamLease[] lease = new StreamLease[1];
      LanPublishSource[] source = new LanPublishSource[1];
      source[0] = new LanPublishSource(key, hostOf(request.peer()), () -> {
        cameras.remove(key, source[0]);
        if (lease[0] != null) {
          lease[0].close();
        }
        hub.stopNow(key);
      });
      if (!cameras.claim(key, source[0])) {
        return null;
      }
      try {
        lease[0] = hub.lease(key);
      } catch (HubFullException e) {
        cameras.remove(key, source[0]);
        LOG.warn("LAN camera {} refused: {}", key, e.getMessage());
        return null;
      }
      // the channel already ran, pulled from the platform (a viewer, a recorder): the camera feeds it from now on
      if (hub.source(key) != source[0] && !hub.replaceSource(key, source[0])) {
        cameras.remove(key, source[0]);
        lease[0].close();
        return null;
      }
      LOG.info("LAN camera publishing {}", key);
      return source[0];
    }
  }

  /**
   * Serves the plays of {@code app} (another than {@link #APP}) from {@code provider}: recorded RTMP, once
   * the recorder is up.
   */
  public void serve(String app, PlaybackProvider provider) {
    server.playback(app, provider);
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

  /** The peer node a relay play names ({@code relay={node}}), or null for a viewer. */
  static String relayOf(String query) {
    if (query == null) {
      return null;
    }
    for (String part : query.split("&")) {
      if (part.startsWith(RELAY_PARAM + "=") && part.length() > RELAY_PARAM.length() + 1) {
        return URLDecoder.decode(part.substring(RELAY_PARAM.length() + 1), StandardCharsets.UTF_8);
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

  /** RTMP viewers of live channels connected now; relays to peer nodes are not viewers. */
  public int players() {
    return players.get();
  }

  /** RTMP viewers of {@code key} connected now (relays excluded). */
  public int viewers(StreamKey key) {
    ChannelPlayers now = byChannel.get(key);
    return now == null ? 0 : now.viewers();
  }

  /** The peer nodes relaying {@code key} from here now, one name per relay play, sorted. */
  public List<String> relays(StreamKey key) {
    ChannelPlayers now = byChannel.get(key);
    return now == null ? List.of() : now.relays();
  }

  /** Relay plays peer nodes hold here now, over every channel. */
  public int relayPlays() {
    return byChannel.values().stream().mapToInt(p -> p.relays().size()).sum();
  }

  /** One channel's players: viewers counted, relays by node name. Guarded by itself. */
  private static final class ChannelPlayers {
    private int viewers;
    private final List<String> relays = new ArrayList<>();

    synchronized ChannelPlayers add(String relayFrom) {
      if (relayFrom == null) {
        viewers++;
      } else {
        relays.add(relayFrom);
      }
      return this;
    }

    /** True when nobody is left. */
    synchronized boolean remove(String relayFrom) {
      if (relayFrom == null) {
        viewers--;
      } else {
        relays.remove(relayFrom);
      }
      return viewers == 0 && relays.isEmpty();
    }

    synchronized int viewers() {
      return viewers;
    }

    synchronized List<String> relays() {
      List<String> sorted = new ArrayList<>(relays);
      Collections.sort(sorted);
      return sorted;
    }
  }

  /** The port bound, or -1 before {@link #start}. */
  public int port() {
    return server.port();
  }

  /** Closes the listener and every connection; players' readers close with their connections. */
  public Future<Void> close() {
    return vertx.executeBlocking(() -> {
      server.close();
      return null;
    }, false);
  }
}
