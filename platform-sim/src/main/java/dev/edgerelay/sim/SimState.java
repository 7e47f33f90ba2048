package dev.edgerelay.sim;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The emulator's in-memory model of the platform: devices and their keys (spec 1), channels (spec 2), play
 * tokens (spec 4.1, 6.5), and the per-feature stores. Thread-safe (every method synchronizes), because the HTTP
 * routes, the RTMP origin and tests read it from different threads.
 */
public final class SimState {
  /** Devices the emulator holds at most; beyond it POST /devices and register_de are refused. */
  public static final int MAX_DEVICES = 100_000;
  /** Channels per device at most (spec 2.3 sets no bound; the emulator needs one). */
  public static final int MAX_CHANNELS_PER_DEVICE = 256;
  /** Live play tokens kept at most; expired ones are dropped first when the bound is reached. */
  public static final int MAX_PLAY_TOKENS = 100_000;
  private static final long FIRST_DEVICE_ID = 10_000_001L;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Clock clock;
  private final String productId;
  private final AtomicLong revision = new AtomicLong();
  private final Map<String, Device> devices = new LinkedHashMap<>();
  private final Map<String, TreeMap<Integer, Channel>> channels = new LinkedHashMap<>();
  private final Map<String, String> deviceByKey = new LinkedHashMap<>();
  private final Map<String, PlayGrant> grants = new LinkedHashMap<>();
  private final Map<String, Boolean> closedCameras = new LinkedHashMap<>();
  private final Map<String, Long> recordingSince = new LinkedHashMap<>();
  private long nextDeviceId = FIRST_DEVICE_ID;
  private int transEncrypt;
  private final VodLibrary recordings;
  private final PictureAlbum pictures;
  private final ObjectStore objects;
  private final MessageLog messages;
  private final StatRegistry stats;
  private final CommandLedger commands;

  public SimState(Clock clock, String productId, long objectStoreMaxBytes) {
    this.clock = clock;
    this.productId = productId;
    this.recordings = new VodLibrary(revision);
    this.pictures = new PictureAlbum(revision);
    this.objects = new ObjectStore(revision, objectStoreMaxBytes);
    this.messages = new MessageLog(revision);
    this.stats = new StatRegistry(clock);
    this.commands = new CommandLedger(clock);
  }

  public Clock clock() { return clock; }
  public String productId() { return productId; }
  public VodLibrary recordings() { return recordings; }
  public PictureAlbum pictures() { return pictures; }
  public ObjectStore objects() { return objects; }
  public MessageLog messages() { return messages; }
  public StatRegistry stats() { return stats; }
  public CommandLedger commands() { return commands; }

  /** Grows on every change that the state file keeps; the saver writes when it moved. */
  public long revision() {
    return revision.get();
  }

  /** A random key or token: 32 hex digits, 128 bits from a SecureRandom. */
  public static String randomToken() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  // ---- devices (spec 1) ----

  /** Creates a device with a fresh numeric id and its auto key; empty when {@link #MAX_DEVICES} is reached. */
  public synchronized Optional<Device> createDevice(JsonObject attributes, boolean online, String sn, String mac) {
    if (devices.size() >= MAX_DEVICES) {
      return Optional.empty();
    }
    long now = clock.millis();
    String id = Long.toString(nextDeviceId++);
    Device device = new Device(id, attributes, online, now, online ? now : 0, randomToken(), sn, mac);
    putDevice(device);
    return Optional.of(device);
  }

  private void putDevice(Device device) {
    devices.put(device.id(), device);
    deviceByKey.put(device.key(), device.id());
    channels.computeIfAbsent(device.id(), k -> new TreeMap<>());
    revision.incrementAndGet();
  }

  /** The device registered with this serial number or MAC (spec 1.2), for idempotent re-registration. */
  public synchronized Optional<Device> findRegistered(String sn, String mac) {
    return devices.values().stream()
        .filter(d -> sn != null ? sn.equals(d.sn()) : mac != null && mac.equals(d.mac()))
        .findFirst();
  }

  public synchronized Optional<Device> device(String id) {
    return Optional.ofNullable(id == null ? null : devices.get(id));
  }

  public synchronized List<Device> devices() {
    return new ArrayList<>(devices.values());
  }

  /** The device whose own key this is, if any. */
  public synchronized Optional<Device> deviceByKey(String key) {
    String id = key == null ? null : deviceByKey.get(key);
    return Optional.ofNullable(id == null ? null : devices.get(id));
  }

  public synchronized boolean updateAttributes(String id, JsonObject changes) {
    Device device = devices.get(id);
    if (device == null) {
      return false;
    }
    JsonObject merged = device.attributes().mergeIn(changes);
    devices.put(id, device.withAttributes(merged));
    revision.incrementAndGet();
    return true;
  }

  /** Takes a device online or offline (the /sim/ control, seeding); false for an unknown device. */
  public synchronized boolean setOnline(String id, boolean online) {
    Device device = devices.get(id);
    if (device == null) {
      return false;
    }
    devices.put(id, device.withOnline(online, clock.millis()));
    revision.incrementAndGet();
    return true;
  }

  /** Deletes a device with its channels, tokens, recordings, pictures and messages (spec 1.6). */
  public synchronized boolean deleteDevice(String id) {
    Device device = devices.remove(id);
    if (device == null) {
      return false;
    }
    deviceByKey.remove(device.key());
    channels.remove(id);
    grants.values().removeIf(g -> g.deviceId().equals(id));
    String prefix = id + "/";
    closedCameras.keySet().removeIf(k -> k.startsWith(prefix));
    recordingSince.keySet().removeIf(k -> k.startsWith(prefix));
    recordings.removeDevice(id);
    pictures.removeDevice(id);
    messages.removeDevice(id);
    revision.incrementAndGet();
    return true;
  }

  // ---- channels (spec 2) ----

  public synchronized List<Channel> channels(String deviceId) {
    TreeMap<Integer, Channel> map = channels.get(deviceId);
    return map == null ? List.of() : new ArrayList<>(map.values());
  }

  public synchronized Optional<Channel> channel(String deviceId, int channelId) {
    TreeMap<Integer, Channel> map = channels.get(deviceId);
    return Optional.ofNullable(map == null ? null : map.get(channelId));
  }

  /** Outcome of a channel change, so the route can pick errno 16 or 17. */
  public enum ChannelChange { DONE, NO_DEVICE, EXISTS, MISSING, FULL }

  public synchronized ChannelChange addChannel(Channel channel) {
    TreeMap<Integer, Channel> map = channels.get(channel.deviceId());
    if (map == null) {
      return ChannelChange.NO_DEVICE;
    }
    if (map.containsKey(channel.channelId())) {
      return ChannelChange.EXISTS;
    }
    if (map.size() >= MAX_CHANNELS_PER_DEVICE) {
      return ChannelChange.FULL;
    }
    map.put(channel.channelId(), channel);
    revision.incrementAndGet();
    return ChannelChange.DONE;
  }

  public synchronized ChannelChange modifyChannel(Channel channel) {
    TreeMap<Integer, Channel> map = channels.get(channel.deviceId());
    if (map == null) {
      return ChannelChange.NO_DEVICE;
    }
    if (!map.containsKey(channel.channelId())) {
      return ChannelChange.MISSING;
    }
    map.put(channel.channelId(), channel);
    revision.incrementAndGet();
    return ChannelChange.DONE;
  }

  public synchronized ChannelChange deleteChannel(String deviceId, int channelId) {
    TreeMap<Integer, Channel> map = channels.get(deviceId);
    if (map == null) {
      return ChannelChange.NO_DEVICE;
    }
    if (map.remove(channelId) == null) {
      return ChannelChange.MISSING;
    }
    grants.values().removeIf(g -> g.deviceId().equals(deviceId) && g.channelId() == channelId);
    revision.incrementAndGet();
    return ChannelChange.DONE;
  }

  // ---- camera switch (spec 14) and recording switch (spec 12) ----

  public synchronized void setCameraClosed(String deviceId, int channelId, boolean closed) {
    if (closed) {
      closedCameras.put(deviceId + "/" + channelId, Boolean.TRUE);
    } else {
      closedCameras.remove(deviceId + "/" + channelId);
    }
    revision.incrementAndGet();
  }

  public synchronized boolean isCameraClosed(String deviceId, int channelId) {
    return closedCameras.containsKey(deviceId + "/" + channelId);
  }

  /**
   * Starts or stops platform-side recording of a channel (spec 12). Stopping adds a recording from the start
   * to now to the VOD library; its size is a plausible 1 Mbit/s estimate.
   */
  public synchronized Optional<Recording> setRecording(String deviceId, int channelId, boolean record) {
    String key = deviceId + "/" + channelId;
    long now = clock.millis();
    if (record) {
      recordingSince.putIfAbsent(key, now);
      revision.incrementAndGet();
      return Optional.empty();
    }
    Long since = recordingSince.remove(key);
    if (since == null) {
      return Optional.empty();
    }
    revision.incrementAndGet();
    long bytes = (now - since) * 1_000_000L / 8 / 1000;
    return Optional.of(recordings.add(deviceId, channelId, "record-" + since, since, now, bytes));
  }

  public synchronized boolean isRecording(String deviceId, int channelId) {
    return recordingSince.containsKey(deviceId + "/" + channelId);
  }

  // ---- product encryption (spec 7) ----

  public synchronized int transEncrypt() {
    return transEncrypt;
  }

  public synchronized void setTransEncrypt(int type) {
    transEncrypt = type;
    revision.incrementAndGet();
  }

  // ---- play tokens (spec 4.1, 6.5) ----

  /** Issues a token for a live channel ({@code videoId == null}) or a recording, living {@code lifetimeMillis} (-1 never). */
  public synchronized PlayGrant issueToken(String deviceId, int channelId, String videoId, long lifetimeMillis) {
    long now = clock.millis();
    if (grants.size() >= MAX_PLAY_TOKENS) {
      grants.values().removeIf(g -> !g.validAt(now));
      Iterator<String> oldest = grants.keySet().iterator();
      while (grants.size() >= MAX_PLAY_TOKENS && oldest.hasNext()) {
        oldest.next();
        oldest.remove();
      }
    }
    long expires = lifetimeMillis < 0 ? PlayGrant.NEVER : now + lifetimeMillis;
    PlayGrant grant = new PlayGrant(randomToken(), deviceId, channelId, videoId, expires);
    grants.put(grant.token(), grant);
    revision.incrementAndGet();
    return grant;
  }

  /** The grant of a token that is known and not expired: how the HLS host and the RTMP origin admit a player. */
  public synchronized Optional<PlayGrant> checkPlayToken(String token) {
    PlayGrant grant = token == null ? null : grants.get(token);
    return Optional.ofNullable(grant != null && grant.validAt(clock.millis()) ? grant : null);
  }

  /** Expires every token now (fault injection: a player must fetch a fresh play_address). */
  public synchronized int expireAllTokens() {
    long now = clock.millis();
    grants.replaceAll((token, grant) -> grant.expiredAt(now));
    revision.incrementAndGet();
    return grants.size();
  }

  // ---- state file (snapshot) ----

  /** A snapshot of everything the state file keeps (commands and live sessions are transient). */
  public synchronized JsonObject toJson() {
    JsonArray channelArray = new JsonArray();
    channels.values().forEach(map -> map.values().forEach(c -> channelArray.add(c.toJson())));
    return new JsonObject()
        .put("productId", productId)
        .put("nextDeviceId", nextDeviceId)
        .put("transEncrypt", transEncrypt)
        .put("devices", new JsonArray(devices.values().stream().map(Device::toJson).toList()))
        .put("channels", channelArray)
        .put("grants", new JsonArray(grants.values().stream().map(PlayGrant::toJson).toList()))
        .put("closedCameras", new JsonArray(new ArrayList<>(closedCameras.keySet())))
        .put("recordingSince", new JsonObject(new LinkedHashMap<>(recordingSince)))
        .put("recordings", recordings.toJson())
        .put("pictures", pictures.toJson())
        .put("objects", objects.toJson())
        .put("messages", messages.toJson());
  }

  /** Replaces the state with a snapshot written by {@link #toJson()}. */
  public synchronized void load(JsonObject json) {
    devices.clear();
    channels.clear();
    deviceByKey.clear();
    grants.clear();
    closedCameras.clear();
    recordingSince.clear();
    nextDeviceId = json.getLong("nextDeviceId", FIRST_DEVICE_ID);
    transEncrypt = json.getInteger("transEncrypt", 0);
    json.getJsonArray("devices", new JsonArray()).forEach(o -> putDevice(Device.fromJson((JsonObject) o)));
    json.getJsonArray("channels", new JsonArray()).forEach(o -> {
      Channel c = Channel.fromJson((JsonObject) o);
      channels.computeIfAbsent(c.deviceId(), k -> new TreeMap<>()).put(c.channelId(), c);
    });
    json.getJsonArray("grants", new JsonArray()).forEach(o -> {
      PlayGrant g = PlayGrant.fromJson((JsonObject) o);
      grants.put(g.token(), g);
    });
    json.getJsonArray("closedCameras", new JsonArray()).forEach(k -> closedCameras.put((String) k, Boolean.TRUE));
    json.getJsonObject("recordingSince", new JsonObject())
        .forEach(e -> recordingSince.put(e.getKey(), ((Number) e.getValue()).longValue()));
    recordings.load(json.getJsonArray("recordings", new JsonArray()));
    pictures.load(json.getJsonArray("pictures", new JsonArray()));
    objects.load(json.getJsonArray("objects", new JsonArray()));
    messages.load(json.getJsonArray("messages", new JsonArray()));
    revision.incrementAndGet();
  }
}
