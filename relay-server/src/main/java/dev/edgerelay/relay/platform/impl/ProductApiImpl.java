package dev.edgerelay.relay.platform.impl;

import dev.edgerelay.relay.platform.Endpoint;
import dev.edgerelay.relay.platform.ProductApi;
import dev.edgerelay.relay.platform.model.WireFields;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** Spec 7, 12, 14. */
final class ProductApiImpl extends SectionApi implements ProductApi {

  ProductApiImpl(PlatformTransport transport, String apiKey) {
    super(transport, apiKey);
  }

  @Override
  public Future<Void> setTransportEncryption(boolean encrypted) {
    return call(Endpoint.TRANS_ENCRYPT_SET).param("product_id", productId())
        .json(new JsonObject().put("type", encrypted ? 1 : 0)).done();
  }

  /** 7.2 answers at top level: {@code {"errno":0,"trans_enc":1}}. */
  @Override
  public Future<Boolean> transportEncryption() {
    return call(Endpoint.TRANS_ENCRYPT_GET).param("product_id", productId()).envelope()
        .map(json -> WireFields.flag(json, "trans_enc"));
  }

  @Override
  public Future<Void> record(String deviceId, int channelId, boolean start) {
    return call(Endpoint.RECORD_VIDEO).param("product_id", productId()).param("device_id", deviceId)
        .param("channel_id", channelId).param("action", start ? 1 : 0).done();
  }

  /** Spec 14 body: {@code {"type": 1}} closes, 0 opens. */
  @Override
  public Future<Void> closeCamera(String deviceId, String cameraId, boolean close) {
    return call(Endpoint.CAMERA_CLOSE).param("product_id", productId()).param("device_id", deviceId)
        .param("id", cameraId).json(new JsonObject().put("type", close ? 1 : 0)).done();
  }
}
