package dev.edgerelay.media.rtmp.server;

/**
 * One player's playback from a {@link PlaybackProvider}. The server calls these on the connection's
 * event loop, in order; none may block.
 */
public interface Playback {
  /** The channel became writable again: resume sending (backpressure). */
  void writable();

  /** NetStream seek (spec 7.2.2.7): continue from {@code millis} on the stream's timeline. */
  void seek(long millis);

  /** NetStream pause (spec 7.2.2.8): stop or resume sending; {@code millis} is where the client is. */
  void pause(boolean pause, long millis);

  /** The player left (closeStream, deleteStream, disconnect): stop every read and release every buffer. Idempotent. */
  void close();
}
