package dev.edgerelay.media.rtmp.server;

import java.io.ByteArrayOutputStream;

/** Chunk bytes a hostile peer sends after a valid handshake, built field by field (spec 5.3.1). */
final class HostileSessions {
  /** The chunk size before any Set Chunk Size (spec 5.4.1): what a peer that sent none must use. */
  static final int CHUNK = 128;

  private HostileSessions() {}

  /** A message on chunk stream {@code csid} (2..63), split into 128-byte chunks with format 3 headers. */
  static byte[] message(int csid, int type, int streamId, byte[] payload) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    header0(out, csid, payload.length, type, streamId);
    for (int at = 0; at < payload.length; at += CHUNK) {
      if (at > 0) {
        out.write(0xC0 | csid); // format 3: same header, next chunk
      }
      out.write(payload, at, Math.min(CHUNK, payload.length - at));
    }
    return out.toByteArray();
  }

  /**
   * {@code streams} chunk streams (ids 2 up, two-byte basic headers from 64), each opening a video message
   * of {@code length} bytes and sending its first chunk only: the rest never comes.
   */
  static byte[] declareMessages(int streams, int length) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int csid = 2; csid < 2 + streams; csid++) {
      header0(out, csid, length, 9, 1);
      out.write(new byte[Math.min(CHUNK, length)], 0, Math.min(CHUNK, length));
    }
    return out.toByteArray();
  }

  /** Basic header (format 0) and an 11-byte message header with timestamp 0. */
  static void header0(ByteArrayOutputStream out, int csid, int length, int type, int streamId) {
    if (csid < 64) {
      out.write(csid);
    } else {
      out.write(0); // two-byte form: id - 64 follows (spec 5.3.1.1)
      out.write(csid - 64);
    }
    out.write(new byte[] {0, 0, 0, (byte) (length >>> 16), (byte) (length >>> 8), (byte) length, (byte) type,
        (byte) streamId, (byte) (streamId >>> 8), (byte) (streamId >>> 16), (byte) (streamId >>> 24)}, 0, 11);
  }
}
