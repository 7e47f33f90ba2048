package dev.edgerelay.relay.stats;

import dev.edgerelay.media.Codec;
import dev.edgerelay.media.CodecConfig;
import dev.edgerelay.media.codec.H264Sps;
import dev.edgerelay.media.codec.ParameterSets;
import dev.edgerelay.media.stream.Stream;
import dev.edgerelay.relay.cluster.live.LiveSources;
import dev.edgerelay.relay.hub.StreamHub;
import dev.edgerelay.relay.hub.StreamKey;
import dev.edgerelay.relay.pull.PlatformUpstream;
import dev.edgerelay.relay.pull.PullSession;
import dev.edgerelay.relay.rtmp.LanCameras;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.function.Function;

/**
 * This node's rows of the real-time lists (spec 13.1 getonlinelist, 13.2 getpushlist), answered at
 * {@code edge.node.{name}.stats} for the node that asks for the whole site (docs/architecture.md, "Cluster: VOD
 * across nodes"): its viewers ({@link Viewers}), and the streams coming into the site here, each channel's platform
 * pull or LAN camera on its origin node. Relays between nodes are neither: a relay play is no viewer, and a stream
 * relayed from another node came into the site there. Rows carry the spec's fields, the node's name under
 * {@code node} and when the viewer or push began under {@link #SINCE_FIELD} (epoch ms, for the merge).
 */
public final class HeldStats {
  public static final String TOPIC = "stats";
  /** Request field {@code list}: viewers (13.1) or pushes (13.2). */
  public static final String ONLINE = "online";
  public static final String PUSH = "push";
  public static final String SINCE_FIELD = "since";

  private final StreamHub hub;
  private final Viewers viewers;
  private final StreamRates rates;
  private final Function<StreamKey, LiveSources.Fed> fed;
  private final LanCameras cameras;
  private final Object productId;
  private final String node;
  private final Clock clock;

  /** @param fed what feeds a channel running here ({@link LiveSources#fed}), null when it does not run here */
  public HeldStats(StreamHub hub, Viewers viewers, StreamRates rates, Function<StreamKey, LiveSources.Fed> fed,
      LanCameras cameras, String productId, String node, Clock clock) {
    this.hub = hub;
    this.cameras = cameras;
    this.viewers = viewers;
    this.rates = rates;
    this.fed = fed;
    this.productId = numberOrText(productId);
    this.node = node;
    this.clock = clock;
  }

  /**
   * The question for {@code list} ({@link #ONLINE} or {@link #PUSH}); null filters match everything.
   *
   * @param protocol RTMP or HLS, any case; getonlinelist only
   */
  public static JsonObject request(String list, String deviceId, Integer channelId, String protocol) {
    return new JsonObject().put("list", list).put("deviceid", deviceId).put("channelid", channelId)
        .put("protocoltype", protocol);
  }

  /** {@code {rows: [...]}}: this node's rows matching the request, oldest first. */
  public Future<JsonObject> answer(JsonObject request) {
    JsonArray rows = new JsonArray();
    long now = clock.millis();
    if (PUSH.equals(request.getString("list"))) {
      for (Stream stream : hub.streams()) {
        StreamKey key = StreamKey.parseDashed(stream.name());
        LiveSources.Fed source = key == null ? null : fed.apply(key);
        if (source != null && source.kind() != LiveSources.Kind.RELAY && matches(request, key, "RTMP")) {
          rows.add(row(key, "RTMP", stream, now, source.sinceMillis()).put("puship", pushIp(key))
              .put("pushtime", elapsed(now - source.sinceMillis()))
              .put("source", source.kind() == LiveSources.Kind.CAMERA ? "lan_camera" : "platform_pull"));
        }
      }
    } else {
      for (Viewers.Viewer v : viewers.list()) {
        if (matches(request, v.key(), v.protocol())) {
          rows.add(row(v.key(), v.protocol(), hub.find(v.key()), now, v.sinceMillis()).put("clientip", v.clientIp())
              .put("onlinetime", elapsed(now - v.sinceMillis())));
        }
      }
    }
    return Future.succeededFuture(new JsonObject().put("rows", rows));
  }

  private static boolean matches(JsonObject request, StreamKey key, String protocol) {
    String deviceId = request.getString("deviceid");
    Integer channelId = request.getInteger("channelid");
    String wanted = request.getString("protocoltype");
    return (deviceId == null || deviceId.equals(key.deviceId()))
        && (channelId == null || channelId == key.channelId())
        && (wanted == null || wanted.equalsIgnoreCase(protocol));
  }

  /** The fields both lists share (spec 13): ids, protocol, the stream's codecs, picture, rates. */
  private JsonObject row(StreamKey key, String protocol, Stream stream, long now, long since) {
    CodecConfig video = stream == null ? null : stream.videoConfig();
    CodecConfig audio = stream == null ? null : stream.audioConfig();
    H264Sps sps = spsOf(video);
    double fps = sps != null && sps.frameRate() > 0 ? sps.frameRate()
        : stream == null ? 0 : rates.framesPerSecond(stream.name());
    return new JsonObject().put("productid", productId).put("deviceid", numberOrText(key.deviceId()))
        .put("channelid", key.channelId()).put("protocoltype", protocol)
        .put("videocodec", video == null ? "" : video.codec() == Codec.HEVC ? "H265" : "H264")
        .put("resolution", sps == null ? "" : sps.width() + " * " + sps.height())
        .put("fps", (int) Math.round(fps)).put("audiocodec", audio == null ? "" : "AAC")
        .put("bandwidth", stream == null ? 0 : rates.bitsPerSecond(stream.name()))
        .put("node", node).put(SINCE_FIELD, Math.min(since, now));
  }

  /** Where the stream comes from: the camera publishing it, or the host a pull plays from (the platform's RTMP). */
  private String pushIp(StreamKey key) {
    if (hub.source(key) instanceof PullSession pull && pull.upstream() instanceof PlatformUpstream platform) {
      String address = platform.address();
      int colon = address.lastIndexOf(':');
      return colon > 0 ? address.substring(0, colon) : address;
    }
    return cameras.cameraIp(key);
  }

  /** The SPS of an H.264 configuration, null for another codec or one that does not parse. */
  private static H264Sps spsOf(CodecConfig video) {
    if (video == null || video.codec() != Codec.H264) {
      return null;
    }
    try {
      byte[] sps = ParameterSets.of(video).sps();
      return sps == null ? null : H264Sps.parse(sps);
    } catch (IllegalArgumentException e) {
      return null; // a picture size is a courtesy of the report
    }
  }

  /** Spec 13's "00:04:43". */
  static String elapsed(long millis) {
    long s = Math.max(0, millis / 1000);
    return String.format("%02d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
  }

  /** Ids as numbers where they are (spec 13 shows {@code "deviceid":2479989}), else as text. */
  static Object numberOrText(String id) {
    try {
      return Long.parseLong(id);
    } catch (NumberFormatException e) {
      return id;
    }
  }
}
