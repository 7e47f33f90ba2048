package dev.edgerelay.media.rtmp.server;

/**
 * Serves the plays of one application from something other than a live publisher, such as recordings:
 * the server's extension point beside its {@link StreamRegistry}. A provider owns its application's
 * authorization (the server's {@link RtmpAuthorizer} is not asked) and every status its players see.
 */
public interface PlaybackProvider {
  /** Non-blocking, on the connection's event loop: null admits the play; a sentence refuses it with Play.Failed. */
  String deny(RtmpRequest request);

  /**
   * Starts an admitted play on {@code player}; the playback sends Play.Start (or StreamNotFound) itself,
   * possibly later, and must not block the event loop it is called on.
   */
  Playback start(RtmpRequest request, PlayerChannel player);
}
