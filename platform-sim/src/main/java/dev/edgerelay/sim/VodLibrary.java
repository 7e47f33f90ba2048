package dev.edgerelay.sim;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** The recordings the platform holds for VOD (spec 6), by video id. Thread-safe. */
public final class VodLibrary {
  /** Recordings kept at most; the oldest are dropped beyond it, as a platform's retention would. */
  public static final int MAX_RECORDINGS = 100_000;
  private static final long FIRST_VIDEO_ID = 1_000_000_001L;

  private final AtomicLong revision;
  private final Map<String, Recording> byId = new LinkedHashMap<>();
  private long nextVideoId = FIRST_VIDEO_ID;

  VodLibrary(AtomicLong revision) {
    this.revision = revision;
  }

  public synchronized Recording add(String deviceId, int channelId, String name, long startMillis, long endMillis,
                                    long sizeBytes) {
    if (byId.size() >= MAX_RECORDINGS) {
      Iterator<String> oldest = byId.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
    Recording recording = new Recording(Long.toString(nextVideoId++), deviceId, channelId, name, startMillis,
        endMillis, sizeBytes);
    byId.put(recording.videoId(), recording);
    revision.incrementAndGet();
    return recording;
  }

  /** The recording with this id, only if it belongs to the device-channel named by the request. */
  public synchronized Optional<Recording> get(String deviceId, int channelId, String videoId) {
    Recording r = videoId == null ? null : byId.get(videoId);
    return Optional.ofNullable(r != null && r.deviceId().equals(deviceId) && r.channelId() == channelId ? r : null);
  }

  /** Recordings of a device-channel, oldest first. */
  public synchronized List<Recording> list(String deviceId, int channelId) {
    return byId.values().stream()
        .filter(r -> r.deviceId().equals(deviceId) && r.channelId() == channelId)
        .sorted(Comparator.comparingLong(Recording::startMillis))
        .toList();
  }

  public synchronized boolean rename(String deviceId, int channelId, String videoId, String name) {
    Optional<Recording> r = get(deviceId, channelId, videoId);
    r.ifPresent(found -> {
      byId.put(videoId, found.withName(name));
      revision.incrementAndGet();
    });
    return r.isPresent();
  }

  public synchronized boolean delete(String deviceId, int channelId, String videoId) {
    if (get(deviceId, channelId, videoId).isEmpty()) {
      return false;
    }
    byId.remove(videoId);
    revision.incrementAndGet();
    return true;
  }

  synchronized void removeDevice(String deviceId) {
    byId.values().removeIf(r -> r.deviceId().equals(deviceId));
  }

  synchronized JsonArray toJson() {
    return new JsonArray(byId.values().stream().map(Recording::toJson).toList());
  }

  synchronized void load(JsonArray array) {
    byId.clear();
    nextVideoId = FIRST_VIDEO_ID;
    array.forEach(o -> {
      Recording r = Recording.fromJson((JsonObject) o);
      byId.put(r.videoId(), r);
      nextVideoId = Math.max(nextVideoId, Long.parseLong(r.videoId()) + 1);
    });
  }
}
