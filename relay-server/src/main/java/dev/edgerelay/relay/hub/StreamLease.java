package dev.edgerelay.relay.hub;

import dev.edgerelay.media.stream.Stream;

/**
 * Keeps a stream running while held, whatever the idle timer says: an RTMP player connected, a
 * channel that records. Closing it hands the stream back to the idle timer. Idempotent.
 */
public interface StreamLease extends AutoCloseable {
  Stream stream();

  @Override
  void close();
}
