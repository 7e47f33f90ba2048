package dev.edgerelay.media.rtmp.server;

import dev.edgerelay.media.rtmp.RtmpConfig;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The live streams of one server by "app/name". A name has at most one publisher at a time. */
public final class StreamRegistry {
  private final RtmpConfig config;
  private final ConcurrentHashMap<String, LiveStream> streams = new ConcurrentHashMap<>();

  public StreamRegistry(RtmpConfig config) {
    this.config = config;
  }

  /** Claims the name for a publisher; null when it is already published. */
  public LiveStream publish(String app, String name) {
    LiveStream fresh = new LiveStream(this, app, name, config.playerQueueLimit(), config.gopCacheBytes(),
        config.playerStart());
    if (streams.putIfAbsent(key(app, name), fresh) != null) {
      return null;
    }
    return fresh;
  }

  /** The stream published under the name, or null. */
  public LiveStream find(String app, String name) {
    return streams.get(key(app, name));
  }

  public Set<String> names() {
    return Set.copyOf(streams.keySet());
  }

  void remove(LiveStream stream) {
    streams.remove(key(stream.app(), stream.name()), stream);
  }

  private static String key(String app, String name) {
    return app + "/" + name;
  }
}
