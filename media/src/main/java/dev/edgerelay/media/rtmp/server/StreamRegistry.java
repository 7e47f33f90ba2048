package dev.edgerelay.media.rtmp.server;

import dev.edgerelay.media.rtmp.RtmpConfig;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** The live streams of one server by "app/name". A name has at most one publisher at a time. */
public final class StreamRegistry {
  private final RtmpConfig config;
  private final ConcurrentHashMap<String, LiveStream> streams = new ConcurrentHashMap<>();
  private volatile Consumer<LiveStream> publishListener = stream -> {};

  public StreamRegistry(RtmpConfig config) {
    this.config = config;
  }

  /** Claims the name for a publisher (a network one or the relay); null when it is already published. */
  public LiveStream publish(String app, String name) {
    LiveStream fresh = new LiveStream(this, app, name, config.playerQueueLimit(), config.gopCacheBytes());
    if (streams.putIfAbsent(key(app, name), fresh) != null) {
      return null;
    }
    publishListener.accept(fresh);
    return fresh;
  }

  /**
   * Tells {@code listener} of every stream claimed from now on, before its first message, on the
   * claimer's thread (the relay subscribes to a LAN camera's stream this way). One listener.
   */
  public void onPublish(Consumer<LiveStream> listener) {
    this.publishListener = listener;
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
