package dev.edgerelay.relay.platform;

import dev.edgerelay.relay.platform.model.Channel;
import io.vertx.core.Future;
import java.util.List;

/** Spec 2, channel management. Parameters go in the query, even for POST (as the spec shows). */
public interface ChannelApi {
  /** 2.1 QryChannel. */
  Future<List<Channel>> list(String deviceId);

  /** 2.2 DelChannel. */
  Future<Void> delete(String deviceId, int channelId);

  /** 2.3 AddChannel: errno 16 when the channel exists. */
  Future<Void> add(String deviceId, Channel channel);

  /** 2.4 ModifyChannel: errno 17 when the channel does not exist. */
  Future<Void> modify(String deviceId, Channel channel);
}
