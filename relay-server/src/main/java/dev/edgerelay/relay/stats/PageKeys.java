package dev.edgerelay.relay.stats;

import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The page keys of the real-time lists (spec 13.1: "data queries after the first page need to be passed in page_key";
 * "paging data server caches for only 5 minutes"): the rows of a first query, kept under a random key for
 * {@link StatOptions#pageKeyMillis()}, so later pages read the same list. Bounded by
 * {@link StatOptions#maxPageKeys()} keys and {@link StatOptions#maxPageRows()} rows in all, the oldest keys going
 * first; a list longer than all the rows allowed is kept cut to them. Thread-safe.
 */
final class PageKeys {
  /**
   * One kept list.
   *
   * @param unavailable nodes that did not answer the first query: every page of it is as partial as the first
   * @param cut whether rows past {@link StatOptions#maxPageRows()} were left out
   */
  record Snapshot(List<JsonObject> rows, List<String> unavailable, boolean cut, long expiresAtMillis) {}

  private final int maxKeys;
  private final int maxRows;
  private final long lifetimeMillis;
  private final Clock clock;
  private final Map<String, Snapshot> byKey = new LinkedHashMap<>();
  private long rowsHeld;

  PageKeys(StatOptions options, Clock clock) {
    this.maxKeys = options.maxPageKeys();
    this.maxRows = options.maxPageRows();
    this.lifetimeMillis = options.pageKeyMillis();
    this.clock = clock;
  }

  /** Keeps {@code rows} and returns the key that reads them, with the snapshot as kept. */
  synchronized Map.Entry<String, Snapshot> open(List<JsonObject> rows, List<String> unavailable) {
    long now = clock.millis();
    boolean cut = rows.size() > maxRows;
    Snapshot snapshot = new Snapshot(List.copyOf(cut ? rows.subList(0, maxRows) : rows), List.copyOf(unavailable),
        cut, now + lifetimeMillis);
    Iterator<Snapshot> oldest = byKey.values().iterator();
    while (oldest.hasNext()) {
      Snapshot s = oldest.next();
      boolean over = byKey.size() >= maxKeys || rowsHeld + snapshot.rows().size() > maxRows;
      if (!over && s.expiresAtMillis() > now) {
        continue;
      }
      rowsHeld -= s.rows().size();
      oldest.remove();
    }
    String key = UUID.randomUUID().toString();
    byKey.put(key, snapshot);
    rowsHeld += snapshot.rows().size();
    return Map.entry(key, snapshot);
  }

  /** The list kept under {@code key}; empty when the key is unknown, forgotten or past its lifetime. */
  synchronized Optional<Snapshot> get(String key) {
    Snapshot s = byKey.get(key);
    if (s != null && s.expiresAtMillis() <= clock.millis()) {
      byKey.remove(key);
      rowsHeld -= s.rows().size();
      s = null;
    }
    return Optional.ofNullable(s);
  }

  synchronized int size() {
    return byKey.size();
  }
}
