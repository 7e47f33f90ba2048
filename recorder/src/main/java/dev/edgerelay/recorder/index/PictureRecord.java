package dev.edgerelay.recorder.index;

import dev.edgerelay.recorder.ChannelRef;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A stored picture (spec 5.1-5.5: a snapshot or an app's upload), keyed by {@link PictureKeys}. Value layout:
 * {@code [sizeBytes: 8][upload: 1][formatLength: 1][format: ASCII][nameLength: 2][name: UTF-8]
 * [descLength: 2][desc: UTF-8]}. The file lives beside it; this is what get_list answers without reading it.
 *
 * @param upload true when the picture is to be pushed to the platform's picture upload (spec 5.1)
 */
public record PictureRecord(ChannelRef channel, long takenMillis, String name, String format, String desc,
    long sizeBytes, boolean upload) {
  /** Fixed part of the value: size, flag, and the three length fields. */
  private static final int FIXED_BYTES = Long.BYTES + 1 + 1 + Short.BYTES + Short.BYTES;

  public byte[] key() {
    return PictureKeys.key(channel, takenMillis);
  }

  byte[] value() {
    byte[] f = format.getBytes(StandardCharsets.US_ASCII);
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    byte[] d = desc.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(FIXED_BYTES + f.length + n.length + d.length).putLong(sizeBytes)
        .put((byte) (upload ? 1 : 0)).put((byte) f.length).put(f).putShort((short) n.length).put(n)
        .putShort((short) d.length).put(d).array();
  }

  static PictureRecord decode(byte[] key, byte[] value) {
    ChannelRef channel = ChannelKeyPart.read(ByteBuffer.wrap(key));
    ByteBuffer v = ByteBuffer.wrap(value);
    long size = v.getLong();
    boolean upload = v.get() != 0;
    byte[] f = new byte[v.get() & 0xFF];
    v.get(f);
    byte[] n = new byte[v.getShort() & 0xFFFF];
    v.get(n);
    byte[] d = new byte[v.getShort() & 0xFFFF];
    v.get(d);
    return new PictureRecord(channel, PictureKeys.takenMillis(key), new String(n, StandardCharsets.UTF_8),
        new String(f, StandardCharsets.US_ASCII), new String(d, StandardCharsets.UTF_8), size, upload);
  }
}
