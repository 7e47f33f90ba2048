package dev.edgerelay.relay.http;

import dev.edgerelay.relay.channels.ChannelDirectory;
import dev.edgerelay.relay.channels.ServedDevice;
import dev.edgerelay.relay.hls.HlsLiveMuxer;
import dev.edgerelay.relay.hls.HlsService;
import dev.edgerelay.media.stream.Stream;
import dev.edgerelay.relay.hub.StreamHub;
import dev.edgerelay.relay.hub.StreamKey;
import dev.edgerelay.relay.platform.model.Channel;
import dev.edgerelay.relay.token.PlayGrant;
import dev.edgerelay.relay.token.PlayTokens;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Function;

/**
 * The channels this edge serves: the platform's QryChannel and QryDevStatus (spec 2.1, 8) answered from
 * the {@link ChannelDirectory}, and {@code /edge/channels} for the web UI, with play URLs and state.
 */
public final class DeviceRoutes {
  /** Spec 8: at most 30 ids, at most 500 characters. */
  static final int MAX_STATUS_IDS = 30;
  static final int MAX_STATUS_IDS_LENGTH = 500;
  /** Lifetime of the tokens in {@code /edge/channels} answers: a viewing session. */
  static final long UI_TOKEN_LIFETIME_MILLIS = 12 * 3_600_000L;

  private final ChannelDirectory directory;
  private final EdgeAuth auth;
  private final StreamHub hub;
  private final HlsService hls;
  private final PlayTokens tokens;
  private final NodeAddress node;
  private final Function<StreamKey, JsonObject> recording;
  private final Function<StreamKey, JsonObject> site;

  /**
   * @param recording a channel's recording facts, or null when it does not record (or the recorder is not up)
   * @param site a channel's facts on the site: its {@code origin} node, the peer nodes relaying it from here
   *     ({@code relays}), its RTMP {@code viewers} (relays are not viewers); merged into each channel's entry
   */
  public DeviceRoutes(ChannelDirectory directory, EdgeAuth auth, StreamHub hub, HlsService hls, PlayTokens tokens,
      NodeAddress node, Function<StreamKey, JsonObject> recording, Function<StreamKey, JsonObject> site) {
    this.directory = directory;
    this.auth = auth;
    this.hub = hub;
    this.hls = hls;
    this.tokens = tokens;
    this.node = node;
    this.recording = recording;
    this.site = site;
  }

  public void mount(Router router) {
    router.get("/ipc/video/device/QryChannel").handler(this::qryChannel);
    router.get("/ipc/video/device/QryDevStatus").handler(this::qryDevStatus);
    router.get("/edge/channels").handler(this::channels);
  }

  private ServedDevice served(String deviceId) {
    ServedDevice device = directory.device(deviceId);
    if (device == null) {
      throw new ApiError(200, EdgeErrno.DEVICE_NOT_FOUND, "device " + deviceId
          + " is not served by this edge: check device_id").exception();
    }
    return device;
  }

  private void qryChannel(RoutingContext ctx) {
    String deviceId = new RequestParams(ctx).required("device_id");
    auth.callerFor(ctx, deviceId);
    JsonArray result = new JsonArray();
    for (Channel c : served(deviceId).channels()) {
      result.add(new JsonObject().put("channel_id", c.channelId()).put("title", c.title()).put("desc", c.desc()));
    }
    // spec 2.1 and API-NOTES: QryChannel's payload sits under "result", not "data"
    ApiEnvelope.sendResult(ctx.response(), result);
  }

  private void qryDevStatus(RoutingContext ctx) {
    String ids = new RequestParams(ctx).required("devIds", "devids", "dev_ids");
    if (ids.length() > MAX_STATUS_IDS_LENGTH) {
      throw ApiError.invalid("devIds must be at most " + MAX_STATUS_IDS_LENGTH + " characters").exception();
    }
    Set<String> wanted = new LinkedHashSet<>();
    for (String id : ids.split(",")) {
      if (!id.isBlank()) {
        wanted.add(id.trim());
      }
    }
    if (wanted.isEmpty() || wanted.size() > MAX_STATUS_IDS) {
      throw ApiError.invalid("devIds must list 1 to " + MAX_STATUS_IDS + " device ids separated by commas").exception();
    }
    EdgeAuth.Caller caller = auth.caller(ctx);
    JsonArray devices = new JsonArray();
    for (String id : wanted) {
      if (!caller.master() && !caller.deviceId().equals(id)) {
        continue; // a device key sees only its own device, as on the platform
      }
      ServedDevice device = directory.device(id);
      if (device != null) {
        devices.add(new JsonObject().put("id", id).put("online", device.online()));
      }
    }
    ApiEnvelope.sendResult(ctx.response(), new JsonObject().put("total_count", devices.size()).put("devices", devices));
  }

  private void channels(RoutingContext ctx) {
    EdgeAuth.Caller caller = auth.caller(ctx);
    JsonArray out = new JsonArray();
    for (ServedDevice device : directory.devices()) {
      if (!caller.master() && !caller.deviceId().equals(device.id())) {
        continue;
      }
      for (Channel c : device.channels()) {
        out.add(describe(device, c));
      }
    }
    ApiEnvelope.sendOk(ctx.response(), out);
  }

  private JsonObject describe(ServedDevice device, Channel channel) {
    StreamKey key = new StreamKey(device.id(), channel.channelId());
    String token = tokens.issue(key, PlayGrant.LIVE, UI_TOKEN_LIFETIME_MILLIS);
    Stream stream = hub.find(key);
    HlsLiveMuxer muxer = hls.muxer(key);
    return new JsonObject()
        .put("device_id", device.id())
        .put("channel_id", channel.channelId())
        .put("title", channel.title() != null ? channel.title() : device.device().title())
        .put("device_title", device.device().title())
        .put("channel_title", channel.title())
        .put("online", device.online())
        .put("state", stream == null ? "idle" : stream.unitsIn() == 0 ? "starting" : "live")
        .put("source", hub.describeSource(key))
        .put("readers", stream == null ? 0 : stream.readerCount())
        .put("units_in", stream == null ? 0 : stream.unitsIn())
        .put("dropped_units", stream == null ? 0 : stream.droppedUnits())
        .put("hls_segments", muxer == null ? 0 : muxer.segmentsMade())
        .put("hls_bytes_held", muxer == null ? 0 : muxer.bytesHeld()) // bytes of its kept live segments (spool files)
        .put("hls_held_audio_units", muxer == null ? 0 : muxer.heldAudioUnits()) // audio dropped before the first keyframe
        .mergeIn(StreamFacts.of(stream))
        .put("recording", recording.apply(key))
        .put("hls_url", "http://" + node.http() + "/live/" + key.hlsDirectory() + "/index.m3u8?" + token)
        .put("rtmp_url", "rtmp://" + node.rtmp() + "/live/" + key.rtmpName() + "?" + token)
        .mergeIn(site.apply(key));
  }
}
