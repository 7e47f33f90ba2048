package dev.edgerelay.relay.http;

/**
 * The errno values the edge API answers with. 1 to 5 are the platform's own (spec 4.1); the others
 * are the edge's, chosen outside the platform's documented ranges so no app mistakes one for the other.
 */
public final class EdgeErrno {
  /** A parameter is missing, malformed or out of range (spec 4.1 errno 1). */
  public static final int BAD_PARAMETER = 1;
  /** Something failed inside the node; the log has the detail (spec 4.1 errno 2). */
  public static final int INTERNAL = 2;
  /** The channel does not exist on this edge (spec 4.1 errno 3). */
  public static final int CHANNEL_NOT_FOUND = 3;
  /** The device is offline (spec 4.1 errno 4). */
  public static final int DEVICE_OFFLINE = 4;
  /** No such route or resource on this edge. */
  public static final int NOT_FOUND = 404;
  /** The node is starting or shutting down; retry shortly. */
  public static final int UNAVAILABLE = 503;

  private EdgeErrno() {}
}
