package dev.edgerelay.media;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A decoder configuration as the container carried it: the AVCDecoderConfigurationRecord (H.264),
 * HEVCDecoderConfigurationRecord (HEVC) or AudioSpecificConfig (AAC). Immutable and shared by every
 * unit of a track until the source sends a new one, so readers detect a change by reference.
 */
public final class CodecConfig {
  private final Codec codec;
  private final byte[] record;

  public CodecConfig(Codec codec, byte[] record) {
    this.codec = Objects.requireNonNull(codec, "codec");
    this.record = record.clone();
  }

  public Codec codec() {
    return codec;
  }

  /** A copy of the raw configuration record. */
  public byte[] record() {
    return record.clone();
  }

  public int length() {
    return record.length;
  }

  /** Reads one byte of the record without copying it. */
  public int byteAt(int index) {
    return record[index] & 0xFF;
  }

  /** True when both carry the same codec and bytes: a reconnecting source that resends the same config is no change. */
  public boolean sameAs(CodecConfig other) {
    return other != null && other.codec == codec && Arrays.equals(other.record, record);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CodecConfig c && sameAs(c);
  }

  @Override
  public int hashCode() {
    return 31 * codec.hashCode() + Arrays.hashCode(record);
  }

  @Override
  public String toString() {
    return "CodecConfig[" + codec + ", " + HexFormat.of().formatHex(record) + "]";
  }
}
