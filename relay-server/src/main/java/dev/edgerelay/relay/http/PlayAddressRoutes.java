package dev.edgerelay.relay.http;

import dev.edgerelay.relay.channels.ChannelDirectory;
import dev.edgerelay.relay.channels.ServedDevice;
import dev.edgerelay.relay.hub.StreamKey;
import dev.edgerelay.relay.token.PlayGrant;
import dev.edgerelay.relay.token.PlayTokens;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;

/**
 * {@code GET /ipc/video/play_address} answered for this node (spec 4.1): protocol 0 gives the RTMP address,
 * 1 the HLS address, of the node that should serve the channel (this one alone; on a site, the channel's origin
 * by default), and {@code accessToken} is a token this edge signs, bound to the device-channel, with the
 * lifetime the spec's {@code timeout} asks for; every node of a site accepts it.
 */
public final class PlayAddressRoutes {
  /** Token lifetime when the caller gives no {@code timeout}: an hour, as the platform's tokens. */
  public static final long DEFAULT_TOKEN_LIFETIME_MILLIS = 3_600_000;
  /** Longest finite lifetime accepted: a week. -1 asks for a token that never expires. */
  public static final long MAX_TOKEN_LIFETIME_MILLIS = 7L * 24 * 3_600_000;

  private final ChannelDirectory directory;
  private final EdgeAuth auth;
  private final PlayTokens tokens;
  private final Function<StreamKey, NodeAddress> nodeFor;

  /** @param nodeFor the node whose addresses the answer for a channel gives */
  public PlayAddressRoutes(ChannelDirectory directory, EdgeAuth auth, PlayTokens tokens,
      Function<StreamKey, NodeAddress> nodeFor) {
    this.directory = directory;
    this.auth = auth;
    this.tokens = tokens;
    this.nodeFor = nodeFor;
  }

  public void mount(Router router) {
    router.get("/ipc/video/play_address").handler(this::playAddress);
  }

  private void playAddress(RoutingContext ctx) {
    RequestParams params = new RequestParams(ctx);
    String deviceId = params.optional("device_id");
    String channel = params.optional("channel_id");
    String protocol = params.optional("protocol_type");
    if (deviceId == null || channel == null || protocol == null) {
      throw badParameter("device_id, channel_id and protocol_type are required");
    }
    auth.callerFor(ctx, deviceId);
    int channelId = parse(channel, "channel_id", 0, Integer.MAX_VALUE);
    int protocolType = parse(protocol, "protocol_type", 0, 4);
    long timeout = parseTimeout(params.optional("timeout"));
    ServedDevice device = ServedChannels.require(directory, deviceId, channelId,
        "check the ids, or add the channel on the platform (AddChannel)");
    if (!device.online()) {
      throw new ApiError(200, EdgeErrno.DEVICE_OFFLINE, "device " + deviceId
          + " is offline: wait until it reconnects to the platform").exception();
    }
    StreamKey key = new StreamKey(deviceId, channelId);
    NodeAddress node = nodeFor.apply(key);
    JsonObject data = new JsonObject()
        .put("accessToken", tokens.issue(key, PlayGrant.LIVE, timeout))
        .put("coveraddr", node.http());
    switch (protocolType) {
      case 0 -> data.put("addr", node.rtmp()).put("type", "rtmp");
      case 1 -> data.put("addr", node.http()).put("type", "http");
      default -> throw badParameter("protocol_type " + protocolType + " (https-hls or flv) is not served by this edge:"
          + " use 0 for RTMP or 1 for HLS");
    }
    ApiEnvelope.sendOk(ctx.response(), data);
  }

  private static long parseTimeout(String value) {
    if (value == null) {
      return DEFAULT_TOKEN_LIFETIME_MILLIS;
    }
    try {
      long timeout = Long.parseLong(value.trim());
      if (timeout == -1 || (timeout > 0 && timeout <= MAX_TOKEN_LIFETIME_MILLIS)) {
        return timeout;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw badParameter("timeout is the token lifetime in ms (1 to " + MAX_TOKEN_LIFETIME_MILLIS
        + ") or -1 for never, got '" + value + "'");
  }

  private static int parse(String value, String name, int min, int max) {
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw badParameter(name + " must be a whole number from " + min + " to " + max + ", got '" + value + "'");
  }

  /** Spec 4.1's own errno 1, with a sentence saying which parameter is wrong. */
  private static ApiException badParameter(String message) {
    return new ApiError(200, EdgeErrno.PLAY_BAD_PARAMETER, message).exception();
  }
}
