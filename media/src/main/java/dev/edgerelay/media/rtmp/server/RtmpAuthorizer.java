package dev.edgerelay.media.rtmp.server;

/**
 * Decides whether a publish or play may proceed. Called on the connection's event loop: it must not
 * block. Returns null to allow, or a sentence saying why not, which the peer gets in onStatus.
 */
@FunctionalInterface
public interface RtmpAuthorizer {
  RtmpAuthorizer ALLOW_ALL = request -> null;

  String deny(RtmpRequest request);
}
