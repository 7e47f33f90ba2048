package dev.edgerelay.relay.platform;

import dev.edgerelay.relay.platform.model.BootAddress;
import dev.edgerelay.relay.platform.model.DeviceMessage;
import dev.edgerelay.relay.platform.model.DeviceOnline;
import dev.edgerelay.relay.platform.model.Page;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.time.LocalDateTime;
import java.util.List;

/** Spec 8 to 11: device presence, device messages, boot address, raw data to a device. */
public interface DeviceStatusApi {
  /** Spec 8: at most 30 ids, joined at most 500 characters long. */
  int MAX_STATUS_IDS = 30;
  int MAX_STATUS_IDS_LENGTH = 500;
  /** Spec 11: "no more than 128 byte". */
  int MAX_ACTIVE_BYTES = 128;

  /** 8 QryDevStatus. */
  Future<List<DeviceOnline>> online(List<String> deviceIds);

  /**
   * 9 QryDevMsg between two times, one page; messages are base64-decoded. The spec shows
   * {@code page_info} but names no page parameters: {@code page_start}/{@code page_size} as in 5.2 and 6.2.
   */
  Future<Page<DeviceMessage>> messages(String deviceId, LocalDateTime start, LocalDateTime end, int pageStart,
      int pageSize);

  /** 9, every page. */
  Future<List<DeviceMessage>> messagesAll(String deviceId, LocalDateTime start, LocalDateTime end, int pageSize);

  /** 10, no key. */
  Future<BootAddress> bootAddress();

  /** 11 dev_active: up to 128 bytes passed to the device unchanged. Not retried. */
  Future<Void> activate(String deviceId, Buffer data);
}
