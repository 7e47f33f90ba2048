package dev.edgerelay.relay.channels;

import dev.edgerelay.relay.platform.PlatformClient;
import dev.edgerelay.relay.platform.model.Device;
import dev.edgerelay.relay.platform.model.DeviceSearch;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The devices and channels this edge serves, learned from the platform (spec 1.5 search, 1.4 get for the
 * device keys, 2.1 QryChannel) and refreshed periodically. The edge answers QryChannel, QryDevStatus,
 * play_address and its api-key checks from this snapshot, so they keep working while the uplink is down.
 */
public final class ChannelDirectory {
  private static final Logger LOG = LoggerFactory.getLogger(ChannelDirectory.class);
  /** Devices asked about at once during a refresh: keeps a 500-camera site from opening 1000 requests. */
  static final int REFRESH_CONCURRENCY = 8;

  private final Vertx vertx;
  private final PlatformClient platform;
  private final long refreshMillis;
  private volatile Map<String, ServedDevice> devices = Map.of();
  private volatile Map<String, String> deviceByKey = Map.of();
  private volatile long refreshedAtMillis;
  private volatile String lastError;
  private long timer = -1;

  public ChannelDirectory(Vertx vertx, PlatformClient platform, long refreshMillis) {
    this.vertx = vertx;
    this.platform = platform;
    this.refreshMillis = refreshMillis;
  }

  /** Loads the directory once, then keeps refreshing it; a failed refresh keeps the last snapshot. */
  public Future<Void> start() {
    return refresh().onComplete(ar -> timer = vertx.setPeriodic(refreshMillis, id -> refresh()));
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /** Asks the platform again; completes when the new snapshot is in place. */
  public Future<Void> refresh() {
    return platform.devices().searchAll(DeviceSearch.all())
        .compose(found -> describeAll(found))
        .onSuccess(list -> {
          Map<String, ServedDevice> byId = new LinkedHashMap<>();
          Map<String, String> byKey = new HashMap<>();
          for (ServedDevice d : list) {
            byId.put(d.id(), d);
            d.keys().forEach(k -> byKey.put(k, d.id()));
          }
          devices = Map.copyOf(byId);
          deviceByKey = Map.copyOf(byKey);
          refreshedAtMillis = System.currentTimeMillis();
          lastError = null;
        })
        .onFailure(err -> {
          lastError = err.getMessage();
          LOG.warn("channel directory refresh failed, keeping {} devices: {}", devices.size(), err.getMessage());
        })
        .mapEmpty();
  }

  private Future<List<ServedDevice>> describeAll(List<Device> found) {
    List<ServedDevice> out = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (int from = 0; from < found.size(); from += REFRESH_CONCURRENCY) {
      List<Device> batch = found.subList(from, Math.min(found.size(), from + REFRESH_CONCURRENCY));
      chain = chain.compose(v -> {
        List<Future<ServedDevice>> calls = new ArrayList<>();
        batch.forEach(d -> calls.add(describe(d)));
        return Future.all(calls).map(all -> {
          for (int i = 0; i < all.size(); i++) {
            out.add(all.resultAt(i));
          }
          return null;
        });
      });
    }
    return chain.map(v -> out);
  }

  private Future<ServedDevice> describe(Device searched) {
    Future<Device> full = platform.devices().get(searched.id());
    return full.compose(device -> platform.channels().list(device.id()).map(channels -> {
      Set<String> keys = new HashSet<>();
      device.keys().forEach(k -> keys.add(k.key()));
      return new ServedDevice(device, List.copyOf(channels), Set.copyOf(keys));
    }));
  }

  public ServedDevice device(String deviceId) {
    return devices.get(deviceId);
  }

  public Collection<ServedDevice> devices() {
    return devices.values();
  }

  /** The device whose own key this is, or null. */
  public String deviceOfKey(String apiKey) {
    return apiKey == null ? null : deviceByKey.get(apiKey);
  }

  public long refreshedAtMillis() {
    return refreshedAtMillis;
  }

  /** Why the last refresh failed, or null when it succeeded. */
  public String lastError() {
    return lastError;
  }

  /** Why the platform is not known to answer: the last refresh's failure, "not asked yet", or null when it answered. */
  public String platformProblem() {
    return lastError != null ? lastError : refreshedAtMillis == 0 ? "not asked yet" : null;
  }
}
