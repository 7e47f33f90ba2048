package dev.edgerelay.media.rtmp.server;

/**
 * Takes the publishes of one application instead of the server's {@link StreamRegistry}: the application
 * decides who may publish and where the media goes (the relay feeds a LAN camera into its own stream).
 * Like a {@link PlaybackProvider}, it owns its application's authorization.
 */
public interface PublishProvider {
  /** Non-blocking, on the connection's event loop: null admits the publish; a sentence refuses it with BadName. */
  String deny(RtmpRequest request);

  /**
   * Starts an admitted publish: the returned publication receives the publisher's metadata and media on the
   * connection's event loop, and {@link Publication#unpublish()} when the publisher stops or disconnects.
   * Returns null when the name was taken meanwhile (the publisher then sees BadName).
   */
  Publication start(RtmpRequest request);
}
