package dev.edgerelay.media.rtmp.server;

import dev.edgerelay.media.rtmp.message.MediaMessage;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The media since the last video keyframe, so that a new player starts decoding at once instead of
 * waiting up to a GOP. Bounded in bytes: when a GOP outgrows the bound the cache empties and stays
 * empty until the next keyframe, and players joining meanwhile wait for it.
 *
 * <p>The bound counts payload bytes. Payloads decoded from the wire are slices of the socket's read
 * buffers, and the chunk decoder copies any message that would pin more than
 * {@code ChunkStream.MAX_PIN_RATIO} (4) times its length, so what the cache really keeps alive is at most
 * four times {@link #bytes()} and, for a camera's GOP of large frames, close to it.
 */
final class GopCache {
  private final int maxBytes;
  private final ArrayDeque<MediaMessage> messages = new ArrayDeque<>();
  private int bytes;
  private boolean open;

  GopCache(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** Adds a frame; {@code randomAccess} starts a new GOP. Retains what it keeps. */
  void add(MediaMessage message, boolean randomAccess) {
    if (randomAccess) {
      clear();
      open = true;
    }
    if (!open) {
      return;
    }
    int size = message.content().readableBytes();
    if (bytes + size > maxBytes) {
      clear();
      return;
    }
    messages.add(message.retain());
    bytes += size;
  }

  /** The cached frames in order, not retained: the caller copies what it keeps while holding the stream. */
  List<MediaMessage> frames() {
    return List.copyOf(messages);
  }

  int bytes() {
    return bytes;
  }

  void clear() {
    MediaMessage m;
    while ((m = messages.poll()) != null) {
      m.release();
    }
    bytes = 0;
    open = false;
  }
}
