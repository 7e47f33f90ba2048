package dev.edgerelay.relay.platform.impl;

import dev.edgerelay.relay.platform.ChannelApi;
import dev.edgerelay.relay.platform.Endpoint;
import dev.edgerelay.relay.platform.model.Channel;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.List;

/** Spec 2; the answer of 2.1 sits under {@code result} (API-NOTES "Envelope"). */
final class ChannelApiImpl extends SectionApi implements ChannelApi {

  ChannelApiImpl(PlatformTransport transport, String apiKey) {
    super(transport, apiKey);
  }

  @Override
  public Future<List<Channel>> list(String deviceId) {
    return call(Endpoint.CHANNEL_QUERY).param("device_id", deviceId).envelope().map(json -> {
      JsonArray result = json.getJsonArray("result", new JsonArray());
      List<Channel> channels = new ArrayList<>(result.size());
      for (int i = 0; i < result.size(); i++) {
        channels.add(Channel.fromJson(result.getJsonObject(i)));
      }
      return List.copyOf(channels);
    });
  }

  @Override
  public Future<Void> delete(String deviceId, int channelId) {
    return call(Endpoint.CHANNEL_DELETE).param("device_id", deviceId).param("channel_id", channelId).done();
  }

  @Override
  public Future<Void> add(String deviceId, Channel channel) {
    return withChannel(call(Endpoint.CHANNEL_ADD), deviceId, channel.validated()).done();
  }

  @Override
  public Future<Void> modify(String deviceId, Channel channel) {
    return withChannel(call(Endpoint.CHANNEL_MODIFY), deviceId, channel.validated()).done();
  }

  private static Call withChannel(Call call, String deviceId, Channel channel) {
    return call.param("device_id", deviceId).param("channel_id", channel.channelId())
        .param("title", channel.title()).param("desc", channel.desc());
  }
}
