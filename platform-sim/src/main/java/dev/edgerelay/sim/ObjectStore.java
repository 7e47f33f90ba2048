package dev.edgerelay.sim;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/** The product's public object storage (spec 15), by name, bounded in total bytes. Thread-safe. */
public final class ObjectStore {
  private final AtomicLong revision;
  private final long maxBytes;
  private final Map<String, StoredObject> byName = new TreeMap<>();
  private long totalBytes;

  ObjectStore(AtomicLong revision, long maxBytes) {
    this.revision = revision;
    this.maxBytes = maxBytes;
  }

  private static String key(String productId, String name) {
    return productId + "\n" + name;
  }

  /** Stores or replaces an object; false when the store's byte bound would be passed. */
  public synchronized boolean put(StoredObject object) {
    String key = key(object.productId(), object.name());
    StoredObject previous = byName.get(key);
    long after = totalBytes - (previous == null ? 0 : previous.data().length) + object.data().length;
    if (after > maxBytes) {
      return false;
    }
    byName.put(key, object);
    totalBytes = after;
    revision.incrementAndGet();
    return true;
  }

  public synchronized Optional<StoredObject> get(String productId, String name) {
    return Optional.ofNullable(byName.get(key(productId, name)));
  }

  public synchronized boolean delete(String productId, String name) {
    StoredObject removed = byName.remove(key(productId, name));
    if (removed != null) {
      totalBytes -= removed.data().length;
      revision.incrementAndGet();
    }
    return removed != null;
  }

  /** Objects of a product whose name starts with {@code namePrefix} (all when null), by name. */
  public synchronized List<StoredObject> list(String productId, String namePrefix) {
    List<StoredObject> out = new ArrayList<>();
    for (StoredObject o : byName.values()) {
      if (o.productId().equals(productId) && (namePrefix == null || o.name().startsWith(namePrefix))) {
        out.add(o);
      }
    }
    return out;
  }

  public synchronized long totalBytes() {
    return totalBytes;
  }

  synchronized JsonArray toJson() {
    return new JsonArray(byName.values().stream().map(StoredObject::toJson).toList());
  }

  synchronized void load(JsonArray array) {
    byName.clear();
    totalBytes = 0;
    array.forEach(o -> {
      StoredObject s = StoredObject.fromJson((JsonObject) o);
      byName.put(key(s.productId(), s.name()), s);
      totalBytes += s.data().length;
    });
  }
}
