package dev.edgerelay.relay.platform;

import io.vertx.core.Future;

/** Spec 7, 12, 14: routes that take the {@code product_id} of {@link PlatformOptions#productId()}. */
public interface ProductApi {
  /** 7.1: true encrypts the product's video transport. */
  Future<Void> setTransportEncryption(boolean encrypted);

  /** 7.2. */
  Future<Boolean> transportEncryption();

  /** 12 record_video: start (true) or stop recording a channel on the platform. Not retried. */
  Future<Void> record(String deviceId, int channelId, boolean start);

  /** 14 closecamera: disable (true) or enable a camera. */
  Future<Void> closeCamera(String deviceId, String cameraId, boolean close);
}
