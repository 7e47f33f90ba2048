package dev.edgerelay.sim;

import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Live pushes and viewers for the stat lists (spec 13), fed by whoever runs the streams (the RTMP origin, tests),
 * and the page keys those lists hand out: a snapshot of the rows valid five minutes. Thread-safe.
 */
public final class StatRegistry {
  /** Sessions of each kind kept at most; adding beyond it is refused. */
  public static final int MAX_SESSIONS = 10_000;
  /** Open page keys at most; the oldest is forgotten beyond it. */
  public static final int MAX_PAGE_KEYS = 1_000;
  /** Spec 13.1: "paging data server caches for only 5 minutes". */
  public static final long PAGE_KEY_LIFETIME_MILLIS = 5 * 60_000L;

  private record Pages(List<JsonObject> rows, long expiresAtMillis) {}

  private final Clock clock;
  private final Map<String, StreamSession> pushes = new LinkedHashMap<>();
  private final Map<String, StreamSession> viewers = new LinkedHashMap<>();
  private final Map<String, Pages> pageKeys = new LinkedHashMap<>();

  StatRegistry(Clock clock) {
    this.clock = clock;
  }

  /** Registers a camera publishing (getpushlist); false when {@link #MAX_SESSIONS} is reached. */
  public synchronized boolean putPush(StreamSession session) {
    return put(pushes, session);
  }

  public synchronized boolean removePush(String id) {
    return pushes.remove(id) != null;
  }

  /** Registers a viewer (getonlinelist); false when {@link #MAX_SESSIONS} is reached. */
  public synchronized boolean putViewer(StreamSession session) {
    return put(viewers, session);
  }

  public synchronized boolean removeViewer(String id) {
    return viewers.remove(id) != null;
  }

  private static boolean put(Map<String, StreamSession> map, StreamSession session) {
    if (map.size() >= MAX_SESSIONS && !map.containsKey(session.id())) {
      return false;
    }
    map.put(session.id(), session);
    return true;
  }

  public synchronized List<StreamSession> pushes() {
    return new ArrayList<>(pushes.values());
  }

  public synchronized List<StreamSession> viewers() {
    return new ArrayList<>(viewers.values());
  }

  /** Keeps a snapshot of list rows for {@link #PAGE_KEY_LIFETIME_MILLIS} and returns its page key. */
  public synchronized String openPages(List<JsonObject> rows) {
    long now = clock.millis();
    pageKeys.values().removeIf(p -> p.expiresAtMillis() <= now);
    Iterator<String> oldest = pageKeys.keySet().iterator();
    while (pageKeys.size() >= MAX_PAGE_KEYS && oldest.hasNext()) {
      oldest.next();
      oldest.remove();
    }
    String key = java.util.UUID.randomUUID().toString();
    pageKeys.put(key, new Pages(List.copyOf(rows), now + PAGE_KEY_LIFETIME_MILLIS));
    return key;
  }

  /** The rows behind a page key, empty when unknown or older than five minutes. */
  public synchronized Optional<List<JsonObject>> pages(String key) {
    Pages pages = pageKeys.get(key);
    if (pages == null || pages.expiresAtMillis() <= clock.millis()) {
      pageKeys.remove(key);
      return Optional.empty();
    }
    return Optional.of(pages.rows());
  }
}
