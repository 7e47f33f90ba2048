package dev.edgerelay.media.rtmp.handshake;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The digest ("complex") handshake that Flash Player 9+ introduced and FFmpeg, OBS (librtmp) and VLC
 * still send. Not in the published RTMP spec; the layout below is the one every open implementation
 * agrees on (FFmpeg rtmpproto.c, nginx-rtmp ngx_rtmp_handshake.c). A 1536-byte C1/S1 carries a 32-byte
 * HMAC-SHA256 at an offset derived from 4 bytes at one of two places (schema 0 or 1); S2/C2 end with
 * an HMAC keyed by the peer's digest, which Flash checks before it plays H.264.
 */
final class HandshakeDigest {
  static final int PACKET_SIZE = 1536;
  static final int DIGEST_SIZE = 32;
  /** Bytes of C2/S2 before their signature. */
  static final int SIGNED_PART = PACKET_SIZE - DIGEST_SIZE;

  private static final byte[] KEY_TAIL = {
      (byte) 0xF0, (byte) 0xEE, (byte) 0xC2, (byte) 0x4A, (byte) 0x80, (byte) 0x68, (byte) 0xBE, (byte) 0xE8,
      (byte) 0x2E, (byte) 0x00, (byte) 0xD0, (byte) 0xD1, (byte) 0x02, (byte) 0x9E, (byte) 0x7E, (byte) 0x57,
      (byte) 0x6E, (byte) 0xEC, (byte) 0x5D, (byte) 0x2D, (byte) 0x29, (byte) 0x80, (byte) 0x6F, (byte) 0xAB,
      (byte) 0x93, (byte) 0xB8, (byte) 0xE6, (byte) 0x36, (byte) 0xCF, (byte) 0xEB, (byte) 0x31, (byte) 0xAE};
  /** "Genuine Adobe Flash Player 001": signs C1 (the first 30 bytes) and C2 (all 62). */
  static final byte[] PLAYER_KEY = concat("Genuine Adobe Flash Player 001", KEY_TAIL);
  static final int PLAYER_KEY_SHORT = 30;
  /** "Genuine Adobe Flash Media Server 001": signs S1 (the first 36 bytes) and S2 (all 68). */
  static final byte[] SERVER_KEY = concat("Genuine Adobe Flash Media Server 001", KEY_TAIL);
  static final int SERVER_KEY_SHORT = 36;

  private HandshakeDigest() {}

  /** Where the digest sits in schema 0 (offset base 8) or schema 1 (base 772): sum of 4 bytes mod 728. */
  static int digestOffset(byte[] packet, int schema) {
    int base = schema == 0 ? 8 : 772;
    int sum = (packet[base] & 0xFF) + (packet[base + 1] & 0xFF) + (packet[base + 2] & 0xFF) + (packet[base + 3] & 0xFF);
    return sum % 728 + base + 4;
  }

  /** HMAC-SHA256 over the packet without its 32 digest bytes. */
  static byte[] packetDigest(byte[] packet, int offset, byte[] key, int keyLength) {
    Mac mac = hmac(Arrays.copyOf(key, keyLength));
    mac.update(packet, 0, offset);
    mac.update(packet, offset + DIGEST_SIZE, PACKET_SIZE - offset - DIGEST_SIZE);
    return mac.doFinal();
  }

  /** The schema whose embedded digest verifies under {@code key}, or -1 when neither does. */
  static int findDigest(byte[] packet, byte[] key, int keyLength) {
    for (int schema = 0; schema < 2; schema++) {
      int offset = digestOffset(packet, schema);
      byte[] expected = packetDigest(packet, offset, key, keyLength);
      if (MessageDigest.isEqual(expected, Arrays.copyOfRange(packet, offset, offset + DIGEST_SIZE))) {
        return schema;
      }
    }
    return -1;
  }

  /** Writes the digest into {@code packet} at the schema's offset. */
  static void sign(byte[] packet, int schema, byte[] key, int keyLength) {
    int offset = digestOffset(packet, schema);
    System.arraycopy(packetDigest(packet, offset, key, keyLength), 0, packet, offset, DIGEST_SIZE);
  }

  /** The signature that ends S2 (or C2): HMAC(HMAC(fullKey, peerDigest), first 1504 bytes). */
  static byte[] responseSignature(byte[] response, byte[] peerDigest, byte[] fullKey) {
    byte[] key = hmac(fullKey).doFinal(peerDigest);
    Mac mac = hmac(key);
    mac.update(response, 0, SIGNED_PART);
    return mac.doFinal();
  }

  /** Signs a C2/S2 in place for the peer whose C1/S1 carried {@code peerDigest}; returns it. */
  static byte[] signResponse(byte[] response, byte[] peerDigest, byte[] fullKey) {
    System.arraycopy(responseSignature(response, peerDigest, fullKey), 0, response, SIGNED_PART, DIGEST_SIZE);
    return response;
  }

  /** The 32 digest bytes a C1/S1 carries under {@code schema}. */
  static byte[] embeddedDigest(byte[] packet, int schema) {
    int offset = digestOffset(packet, schema);
    return Arrays.copyOfRange(packet, offset, offset + DIGEST_SIZE);
  }

  /** A C1/S1 with a version field (bytes 4 to 7) announces the digest form; zero means plain (spec 5.2.3). */
  static boolean hasVersion(byte[] packet) {
    return packet[4] != 0 || packet[5] != 0 || packet[6] != 0 || packet[7] != 0;
  }

  private static Mac hmac(byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every JRE", e);
    }
  }

  private static byte[] concat(String text, byte[] tail) {
    byte[] head = text.getBytes(StandardCharsets.US_ASCII);
    byte[] all = Arrays.copyOf(head, head.length + tail.length);
    System.arraycopy(tail, 0, all, head.length, tail.length);
    return all;
  }
}
