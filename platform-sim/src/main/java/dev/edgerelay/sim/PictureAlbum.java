package dev.edgerelay.sim;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** Pictures per device-channel (spec 5), unique by name within a device-channel. Thread-safe. */
public final class PictureAlbum {
  /** Pictures per device-channel at most; an upload beyond it is refused. */
  public static final int MAX_PICTURES_PER_CHANNEL = 1_000;

  /** Outcome of an upload, so the route can answer the right errno. */
  public enum Upload { STORED, NAME_TAKEN, FULL }

  private final AtomicLong revision;
  private final Map<String, Map<String, Picture>> byChannel = new LinkedHashMap<>();

  PictureAlbum(AtomicLong revision) {
    this.revision = revision;
  }

  private static String key(String deviceId, int channelId) {
    return deviceId + "/" + channelId;
  }

  public synchronized Upload add(Picture picture) {
    Map<String, Picture> album = byChannel.computeIfAbsent(key(picture.deviceId(), picture.channelId()),
        k -> new LinkedHashMap<>());
    if (album.containsKey(picture.name())) {
      return Upload.NAME_TAKEN;
    }
    if (album.size() >= MAX_PICTURES_PER_CHANNEL) {
      return Upload.FULL;
    }
    album.put(picture.name(), picture);
    revision.incrementAndGet();
    return Upload.STORED;
  }

  public synchronized Optional<Picture> get(String deviceId, int channelId, String name) {
    Map<String, Picture> album = byChannel.get(key(deviceId, channelId));
    return Optional.ofNullable(album == null ? null : album.get(name));
  }

  /** Pictures of a device-channel in upload order. */
  public synchronized List<Picture> list(String deviceId, int channelId) {
    Map<String, Picture> album = byChannel.get(key(deviceId, channelId));
    return album == null ? List.of() : new ArrayList<>(album.values());
  }

  public synchronized boolean delete(String deviceId, int channelId, String name) {
    Map<String, Picture> album = byChannel.get(key(deviceId, channelId));
    boolean removed = album != null && album.remove(name) != null;
    if (removed) {
      revision.incrementAndGet();
    }
    return removed;
  }

  synchronized void removeDevice(String deviceId) {
    byChannel.keySet().removeIf(k -> k.startsWith(deviceId + "/"));
  }

  synchronized JsonArray toJson() {
    JsonArray array = new JsonArray();
    byChannel.values().forEach(album -> album.values().forEach(p -> array.add(p.toJson())));
    return array;
  }

  synchronized void load(JsonArray array) {
    byChannel.clear();
    array.forEach(o -> {
      Picture p = Picture.fromJson((JsonObject) o);
      byChannel.computeIfAbsent(key(p.deviceId(), p.channelId()), k -> new LinkedHashMap<>()).put(p.name(), p);
    });
  }
}
