package dev.edgerelay.relay.platform.impl;

import dev.edgerelay.relay.platform.DeviceStatusApi;
import dev.edgerelay.relay.platform.Endpoint;
import dev.edgerelay.relay.platform.model.BootAddress;
import dev.edgerelay.relay.platform.model.DeviceMessage;
import dev.edgerelay.relay.platform.model.DeviceOnline;
import dev.edgerelay.relay.platform.model.Page;
import dev.edgerelay.relay.platform.model.VideoQuery;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.LocalDateTime;
import java.util.List;

/** Spec 8 to 11. */
final class DeviceStatusApiImpl extends SectionApi implements DeviceStatusApi {

  DeviceStatusApiImpl(PlatformTransport transport, String apiKey) {
    super(transport, apiKey);
  }

  @Override
  public Future<List<DeviceOnline>> online(List<String> deviceIds) {
    String joined = String.join(",", deviceIds);
    if (deviceIds.isEmpty() || deviceIds.size() > MAX_STATUS_IDS || joined.length() > MAX_STATUS_IDS_LENGTH) {
      throw new IllegalArgumentException("QryDevStatus takes 1 to " + MAX_STATUS_IDS + " ids, at most "
          + MAX_STATUS_IDS_LENGTH + " characters joined; got " + deviceIds.size() + " ids, " + joined.length() + " characters");
    }
    return call(Endpoint.DEVICE_STATUS).param("devIds", joined).envelope()
        .map(json -> Envelopes.items(json.getJsonObject("result", new JsonObject()).getJsonArray("devices"),
            DeviceOnline::fromJson));
  }

  @Override
  public Future<Page<DeviceMessage>> messages(String deviceId, LocalDateTime start, LocalDateTime end, int pageStart,
      int pageSize) {
    return call(Endpoint.DEVICE_MESSAGES).param("device_id", deviceId)
        .param("start_time", VideoQuery.FILTER_TIME.format(start)).param("end_time", VideoQuery.FILTER_TIME.format(end))
        .param("page_start", pageStart).param("page_size", pageSize)
        .envelope().map(json -> Envelopes.page(json, "result", DeviceMessage::fromJson));
  }

  @Override
  public Future<List<DeviceMessage>> messagesAll(String deviceId, LocalDateTime start, LocalDateTime end,
      int pageSize) {
    return walk((page, key) -> messages(deviceId, start, end, page, pageSize));
  }

  @Override
  public Future<BootAddress> bootAddress() {
    return call(Endpoint.BOOT_ADDRESS).data().map(BootAddress::fromJson);
  }

  @Override
  public Future<Void> activate(String deviceId, Buffer data) {
    if (data.length() > MAX_ACTIVE_BYTES) {
      throw new IllegalArgumentException("dev_active data must be at most " + MAX_ACTIVE_BYTES + " bytes, got " + data.length());
    }
    return call(Endpoint.DEVICE_ACTIVE).param("device_id", deviceId).body(data, "application/octet-stream").done();
  }
}
