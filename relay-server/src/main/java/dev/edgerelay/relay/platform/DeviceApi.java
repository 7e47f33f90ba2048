package dev.edgerelay.relay.platform;

import dev.edgerelay.relay.platform.model.Device;
import dev.edgerelay.relay.platform.model.DeviceRegistration;
import dev.edgerelay.relay.platform.model.DeviceSearch;
import dev.edgerelay.relay.platform.model.DeviceUpdate;
import dev.edgerelay.relay.platform.model.NewDevice;
import dev.edgerelay.relay.platform.model.Page;
import io.vertx.core.Future;
import java.util.List;

/** Spec 1, device management. */
public interface DeviceApi {
  /** 1.1, master key: the new device's id. */
  Future<String> add(NewDevice device);

  /** 1.2, no key: the new device and its own key. */
  Future<DeviceRegistration.Registered> register(DeviceRegistration registration);

  /** 1.3: only the fields set in {@code update} change. */
  Future<Void> update(String deviceId, DeviceUpdate update);

  /** 1.4. */
  Future<Device> get(String deviceId);

  /** 1.5, one page; {@link Page#info()} is derived from {@code total_count}, {@code per_page}, {@code page}. */
  Future<Page<Device>> search(DeviceSearch search);

  /** 1.5, every page from page 1 on, {@code search.perPage()} (or 30) devices at a time. */
  Future<List<Device>> searchAll(DeviceSearch search);

  /** 1.6: also deletes the device's videos and pictures on the platform. */
  Future<Void> delete(String deviceId);
}
