package dev.edgerelay.media.flv;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import java.util.Objects;

/**
 * One FLV tag: its type, its 32-bit millisecond timestamp and its body (the TagData, which is also
 * the body of an RTMP audio/video message). Whoever receives a tag owns its body and releases it.
 */
public final class FlvTag extends DefaultByteBufHolder {
  private final FlvTagType type;
  private final long timestamp;

  /** @param timestamp milliseconds; only the low 32 bits go on the wire (E.4.1: Timestamp + TimestampExtended) */
  public FlvTag(FlvTagType type, long timestamp, ByteBuf body) {
    super(body);
    this.type = Objects.requireNonNull(type, "type");
    this.timestamp = timestamp;
  }

  public FlvTagType type() {
    return type;
  }

  /** Milliseconds; the decoder yields the 32-bit wire value, the unit encoder the unit's full DTS. */
  public long timestamp() {
    return timestamp;
  }

  public ByteBuf body() {
    return content();
  }

  @Override
  public FlvTag replace(ByteBuf content) {
    return new FlvTag(type, timestamp, content);
  }

  @Override
  public FlvTag retain() {
    super.retain();
    return this;
  }

  @Override
  public FlvTag touch(Object hint) {
    super.touch(hint);
    return this;
  }

  @Override
  public String toString() {
    return "FlvTag[" + type + " ts=" + timestamp + " " + content().readableBytes() + "B]";
  }
}
