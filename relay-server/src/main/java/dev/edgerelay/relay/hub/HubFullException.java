package dev.edgerelay.relay.hub;

/** The hub already runs {@link HubOptions#maxStreams()} streams; the caller answers a clear error. */
public final class HubFullException extends RuntimeException {
  public HubFullException(int maxStreams) {
    super("this edge already relays its maximum of " + maxStreams + " channels; close some viewers or raise max_streams");
  }
}
