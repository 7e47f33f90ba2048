package dev.edgerelay.relay.platform;

import dev.edgerelay.relay.platform.model.PlayAddress;
import dev.edgerelay.relay.platform.model.ProtocolType;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/** Spec 4, live playback. URLs are assembled by {@link PlatformUrls}. */
public interface PlayApi {
  /**
   * 4.1 play_address.
   *
   * @param tokenLifetimeMillis optional {@code timeout}: token lifetime in ms, -1 never expires; null to omit
   */
  Future<PlayAddress> address(String deviceId, int channelId, ProtocolType protocol, Long tokenLifetimeMillis);

  /** 4.2 preload on the HLS host of {@code hls}; {@code idleSeconds} at most 120. */
  Future<Void> preload(PlayAddress hls, String deviceId, int channelId, int idleSeconds);

  /** 4.3 the live thumbnail (image bytes) from {@code coveraddr}. */
  Future<Buffer> livePreview(PlayAddress address, String deviceId, int channelId);
}
