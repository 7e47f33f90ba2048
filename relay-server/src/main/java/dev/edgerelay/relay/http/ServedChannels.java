package dev.edgerelay.relay.http;

import dev.edgerelay.relay.channels.ChannelDirectory;
import dev.edgerelay.relay.channels.ServedDevice;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses a request about a device-channel this edge does not serve before any work starts: errno 3
 * (CHANNEL_NOT_FOUND, as play_address answers it, spec 4.1) with a sentence naming both ids. Without it a
 * snapshot of an unknown channel would start a pull and answer only when the pull gave up.
 */
public final class ServedChannels {
  private ServedChannels() {}

  /** The served device holding {@code channelId}; throws the envelope's error otherwise. */
  public static ServedDevice require(ChannelDirectory directory, String deviceId, int channelId, String whatToDo) {
    ServedDevice device = directory.device(deviceId);
    if (device == null || device.channel(channelId) == null) {
      throw new ApiError(200, EdgeErrno.CHANNEL_NOT_FOUND, "channel " + channelId + " of device "
          + RequestParams.shown(deviceId) + " is not served by this edge: " + whatToDo).exception();
    }
    return device;
  }

  /**
   * A route handler for {@code ?device_id&channel_id} requests: the caller's key is checked first (an unknown
   * caller learns nothing of what is served), then the channel; a served one goes on to the next handler.
   */
  public static Handler<RoutingContext> check(ChannelDirectory directory, EdgeAuth auth) {
    return ctx -> {
      RequestParams params = new RequestParams(ctx);
      String deviceId = params.required("device_id");
      int channelId = params.requiredInt("channel_id", 0, Integer.MAX_VALUE);
      auth.callerFor(ctx, deviceId);
      require(directory, deviceId, channelId, "check the ids (GET /ipc/video/device/QryChannel lists a device's)");
      ctx.next();
    };
  }
}
