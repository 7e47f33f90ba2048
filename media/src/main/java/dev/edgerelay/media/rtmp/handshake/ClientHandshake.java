package dev.edgerelay.media.rtmp.handshake;

/** Which C1 our client sends (see {@link ClientHandshakeHandler}). */
public enum ClientHandshake {
  /** Spec 5.2.3: time, four zero bytes, random. Every server accepts it; librtmp, OBS and GStreamer send it. */
  PLAIN,
  /**
   * Flash Player's C1, signed with the player key (schema 0), as FFmpeg's client sends: Wowza and other
   * FMS-compatible origins may refuse H.264 to a client whose C1 carries no digest.
   */
  DIGEST
}
