package dev.edgerelay.media.rtmp.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * An audio (type 8) or video (type 9) message: its payload is an FLV tag body (FLV spec v10.1,
 * E.4.2 and E.4.3). The few header bits fan-out needs (keyframe, sequence header) are read here;
 * mapping the body to media units is the FLV package's job. Whoever receives one releases it.
 */
public final class MediaMessage extends DefaultByteBufHolder implements RtmpMessage {
  private static final int FLV_KEYFRAME = 1;
  private static final int FLV_VIDEO_AVC = 7;
  private static final int FLV_AUDIO_AAC = 10;
  /** Enhanced RTMP (veovera, v1): the top bit of a video tag's first byte announces an extended header. */
  private static final int FLV_VIDEO_EX_HEADER = 0x80;
  private static final int SEQUENCE_HEADER = 0;

  private final int typeId;
  private final long timestamp;
  private final int streamId;

  public MediaMessage(int typeId, long timestamp, int streamId, ByteBuf payload) {
    super(payload);
    if (typeId != MessageType.AUDIO && typeId != MessageType.VIDEO) {
      throw new IllegalArgumentException("not a media type: " + typeId);
    }
    this.typeId = typeId;
    this.timestamp = timestamp;
    this.streamId = streamId;
  }

  public static MediaMessage video(long timestamp, int streamId, ByteBuf payload) {
    return new MediaMessage(MessageType.VIDEO, timestamp, streamId, payload);
  }

  public static MediaMessage audio(long timestamp, int streamId, ByteBuf payload) {
    return new MediaMessage(MessageType.AUDIO, timestamp, streamId, payload);
  }

  @Override public int typeId() { return typeId; }
  @Override public long timestamp() { return timestamp; }
  @Override public int streamId() { return streamId; }

  public boolean isVideo() {
    return typeId == MessageType.VIDEO;
  }

  /** A video random-access point: FLV frame type 1, in the legacy or the enhanced header. */
  public boolean isKeyframe() {
    ByteBuf body = content();
    if (!isVideo() || !body.isReadable()) {
      return false;
    }
    int first = body.getUnsignedByte(body.readerIndex());
    return ((first >> 4) & 0x07) == FLV_KEYFRAME;
  }

  /**
   * A decoder configuration (AVC/HEVC sequence header, AAC AudioSpecificConfig) rather than a frame:
   * players need the latest one before any frame, so fan-out keeps it aside.
   */
  public boolean isSequenceHeader() {
    ByteBuf body = content();
    if (body.readableBytes() < 2) {
      return false;
    }
    int first = body.getUnsignedByte(body.readerIndex());
    int second = body.getUnsignedByte(body.readerIndex() + 1);
    if (isVideo()) {
      if ((first & FLV_VIDEO_EX_HEADER) != 0) {
        return (first & 0x0F) == SEQUENCE_HEADER; // enhanced PacketTypeSequenceStart
      }
      return (first & 0x0F) >= FLV_VIDEO_AVC && second == SEQUENCE_HEADER;
    }
    return (first >> 4) == FLV_AUDIO_AAC && second == SEQUENCE_HEADER;
  }

  /** The same bytes (retained) on another message stream, for a player's own stream id. */
  public MediaMessage retainedForStream(int otherStreamId) {
    return new MediaMessage(typeId, timestamp, otherStreamId, content().retainedDuplicate());
  }

  @Override
  public MediaMessage replace(ByteBuf content) {
    return new MediaMessage(typeId, timestamp, streamId, content);
  }

  @Override
  public MediaMessage retainedDuplicate() {
    return replace(content().retainedDuplicate());
  }

  @Override
  public MediaMessage retain() {
    super.retain();
    return this;
  }

  @Override
  public MediaMessage touch(Object hint) {
    super.touch(hint);
    return this;
  }

  @Override
  public String toString() {
    return (isVideo() ? "Video" : "Audio") + "Message[ts=" + timestamp + " stream=" + streamId
        + (isKeyframe() ? " key" : "") + (isSequenceHeader() ? " seqhdr" : "")
        + " " + content().readableBytes() + "B]";
  }
}
