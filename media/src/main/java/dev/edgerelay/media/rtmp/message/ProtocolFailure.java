package dev.edgerelay.media.rtmp.message;

/**
 * User event fired by the handshake and the chunk decoder just before they close a connection, so the
 * session on top can tell its user why (the layers below have already logged it once).
 */
public record ProtocolFailure(String reason, boolean timedOut) {}
