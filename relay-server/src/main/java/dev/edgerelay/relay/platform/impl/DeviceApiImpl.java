package dev.edgerelay.relay.platform.impl;

import dev.edgerelay.relay.platform.DeviceApi;
import dev.edgerelay.relay.platform.Endpoint;
import dev.edgerelay.relay.platform.model.Device;
import dev.edgerelay.relay.platform.model.DeviceRegistration;
import dev.edgerelay.relay.platform.model.DeviceSearch;
import dev.edgerelay.relay.platform.model.DeviceUpdate;
import dev.edgerelay.relay.platform.model.NewDevice;
import dev.edgerelay.relay.platform.model.Page;
import dev.edgerelay.relay.platform.model.PageInfo;
import dev.edgerelay.relay.platform.model.WireFields;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** Spec 1. */
final class DeviceApiImpl extends SectionApi implements DeviceApi {
  /** Spec 1.5: per_page defaults to 30. */
  static final int DEFAULT_PER_PAGE = 30;

  DeviceApiImpl(PlatformTransport transport, String apiKey) {
    super(transport, apiKey);
  }

  @Override
  public Future<String> add(NewDevice device) {
    return call(Endpoint.DEVICE_ADD).json(device.toJson()).data().map(data -> WireFields.text(data, "device_id"));
  }

  @Override
  public Future<DeviceRegistration.Registered> register(DeviceRegistration registration) {
    return call(Endpoint.DEVICE_REGISTER).param("register_code", registration.registerCode())
        .json(registration.toJson()).data().map(DeviceRegistration.Registered::fromJson);
  }

  @Override
  public Future<Void> update(String deviceId, DeviceUpdate update) {
    return call(Endpoint.DEVICE_UPDATE).segment("device_id", deviceId).json(update.toJson()).done();
  }

  @Override
  public Future<Device> get(String deviceId) {
    return call(Endpoint.DEVICE_GET).segment("device_id", deviceId).data().map(Device::fromJson);
  }

  @Override
  public Future<Page<Device>> search(DeviceSearch search) {
    return call(Endpoint.DEVICE_SEARCH).params(search.toQuery()).data().map(DeviceApiImpl::devicePage);
  }

  @Override
  public Future<List<Device>> searchAll(DeviceSearch search) {
    int perPage = search.perPage() == null ? DEFAULT_PER_PAGE : search.perPage();
    return walk((page, key) -> search(search.withPage(page, perPage)));
  }

  @Override
  public Future<Void> delete(String deviceId) {
    return call(Endpoint.DEVICE_DELETE).segment("device_id", deviceId).done();
  }

  /** 1.5 pages by total_count / per_page / page; mapped onto the common {@link PageInfo}. */
  static Page<Device> devicePage(JsonObject data) {
    JsonArray array = data.getJsonArray("devices", new JsonArray());
    List<Device> devices = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      devices.add(Device.fromJson(array.getJsonObject(i)));
    }
    long total = WireFields.number(data, "total_count", devices.size());
    int perPage = (int) WireFields.number(data, "per_page", DEFAULT_PER_PAGE);
    int pages = perPage <= 0 ? 1 : (int) ((total + perPage - 1) / perPage);
    return new Page<>(devices, new PageInfo(total, pages, perPage, (int) WireFields.number(data, "page", 1), null));
  }
}
