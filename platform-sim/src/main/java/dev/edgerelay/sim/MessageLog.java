package dev.edgerelay.sim;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Messages devices transmitted to the platform (spec 9 QryDevMsg), bounded per device. Thread-safe. */
public final class MessageLog {
  /** Messages kept per device; the oldest is dropped beyond it. */
  public static final int MAX_MESSAGES_PER_DEVICE = 1_000;

  private final AtomicLong revision;
  private final Map<String, Deque<DeviceMessage>> byDevice = new LinkedHashMap<>();
  private long nextMsgId = 1;

  MessageLog(AtomicLong revision) {
    this.revision = revision;
  }

  public synchronized DeviceMessage add(String deviceId, long createdMillis, byte[] payload) {
    Deque<DeviceMessage> log = byDevice.computeIfAbsent(deviceId, k -> new ArrayDeque<>());
    if (log.size() >= MAX_MESSAGES_PER_DEVICE) {
      log.removeFirst();
    }
    DeviceMessage message = new DeviceMessage(nextMsgId++, deviceId, createdMillis, payload.clone());
    log.addLast(message);
    revision.incrementAndGet();
    return message;
  }

  /** Messages of a device created in {@code [fromMillis, toMillis]}, oldest first. */
  public synchronized List<DeviceMessage> list(String deviceId, long fromMillis, long toMillis) {
    Deque<DeviceMessage> log = byDevice.get(deviceId);
    List<DeviceMessage> out = new ArrayList<>();
    if (log != null) {
      log.stream().filter(m -> m.createdMillis() >= fromMillis && m.createdMillis() <= toMillis).forEach(out::add);
    }
    return out;
  }

  synchronized void removeDevice(String deviceId) {
    byDevice.remove(deviceId);
  }

  synchronized JsonArray toJson() {
    JsonArray array = new JsonArray();
    byDevice.values().forEach(log -> log.forEach(m -> array.add(m.toJson())));
    return array;
  }

  synchronized void load(JsonArray array) {
    byDevice.clear();
    nextMsgId = 1;
    array.forEach(o -> {
      DeviceMessage m = DeviceMessage.fromJson((JsonObject) o);
      byDevice.computeIfAbsent(m.deviceId(), k -> new ArrayDeque<>()).addLast(m);
      nextMsgId = Math.max(nextMsgId, m.msgId() + 1);
    });
  }
}
