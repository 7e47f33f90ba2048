package dev.edgerelay.relay.platform.impl;

import dev.edgerelay.relay.platform.Endpoint;
import dev.edgerelay.relay.platform.PlatformUrls;
import dev.edgerelay.relay.platform.PlayApi;
import dev.edgerelay.relay.platform.model.PlayAddress;
import dev.edgerelay.relay.platform.model.ProtocolType;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/** Spec 4; preload and thumbnails go to the hosts that play_address names, not to the API host. */
final class PlayApiImpl extends SectionApi implements PlayApi {

  PlayApiImpl(PlatformTransport transport, String apiKey) {
    super(transport, apiKey);
  }

  @Override
  public Future<PlayAddress> address(String deviceId, int channelId, ProtocolType protocol, Long tokenLifetimeMillis) {
    return call(Endpoint.PLAY_ADDRESS).param("device_id", deviceId).param("channel_id", channelId)
        .param("protocol_type", protocol.code()).param("timeout", tokenLifetimeMillis).data()
        .map(PlayAddress::fromJson);
  }

  @Override
  public Future<Void> preload(PlayAddress hls, String deviceId, int channelId, int idleSeconds) {
    return call(Endpoint.HLS_PRELOAD).at(PlatformUrls.preload(hls, deviceId, channelId, idleSeconds)).done();
  }

  @Override
  public Future<Buffer> livePreview(PlayAddress address, String deviceId, int channelId) {
    return call(Endpoint.LIVE_PREVIEW).at(PlatformUrls.thumbnail(address, deviceId, channelId)).bytes();
  }
}
