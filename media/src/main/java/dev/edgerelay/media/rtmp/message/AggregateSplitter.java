package dev.edgerelay.media.rtmp.message;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an aggregate message (RTMP spec 1.0, 7.1.6, type 22) into the audio, video and data messages it
 * carries. FMS/AMS-style origins (Wowza among them) send them to save chunk headers. The body is a run of FLV-style
 * tags: an 11-byte header (type 1, size 3, timestamp 3 plus 1 high byte, stream id 3), the body, then a
 * 4-byte back pointer.
 *
 * <p>Timestamps: the first sub-message's timestamp is the base; each sub-message keeps its distance from
 * it and is moved onto the aggregate's own timestamp, modulo 2^32. Spec 7.1.6 renormalizes by the offset
 * between the aggregate and its first sub-message (which should be zero but often is not: origins leave
 * file-relative times in the sub-headers); FFmpeg's rtmpproto rebases the same way.
 *
 * <p>Stream id: spec 7.1.6 lets the aggregate's message stream id override the sub-messages' ones, so the
 * sub-header field is skipped (origins copy FLV tags, whose stream id is always 0).
 *
 * <p>Back pointers are required to be present (4 bytes after each body) but their value is tolerated,
 * not checked: FFmpeg's rtmpproto skips it unread (and writes its own), and an origin that counts it differently (with or without
 * the 11 header bytes) plays everywhere else. Sizes are what frame the parts, and they are checked.
 *
 * <p>Only audio, video and data (8, 9, 15, 18) may be aggregated: control or command messages inside one
 * would change connection state out of order, and origins aggregate media only, so they mark it malformed.
 *
 * <p>Memory: the parts are slices of the aggregate, so its buffer lives until its last part is released. Every
 * part is media and is held alike (GOP cache, player queues), so byte bounds that count the parts count nearly
 * all of it; the slack is the sub-headers and, after a GOP cache reset mid-aggregate, the released parts before
 * the keyframe: under one aggregate (~100 ms of media) per stream.
 */
public final class AggregateSplitter {
  /** Sub-message header: type, size, timestamp with its high byte, stream id. */
  public static final int SUB_HEADER_SIZE = 11;
  /** The back pointer after each sub-message body. */
  public static final int BACK_POINTER_SIZE = 4;
  /** Parts in one aggregate: origins bundle well under a second of media (tens of messages); 1024 bounds the list. */
  public static final int MAX_PARTS = 1024;

  private AggregateSplitter() {}

  /**
   * Adds the sub-messages of {@code payload} to {@code out}, all or none. Takes ownership of
   * {@code payload}: media sub-messages are retained slices of it, and it is released here.
   */
  public static void split(long timestamp, int streamId, ByteBuf payload, List<Object> out)
      throws RtmpProtocolException {
    List<RtmpMessage> parts = new ArrayList<>();
    boolean done = false;
    try {
      int start = payload.readerIndex();
      long base = -1;
      while (payload.isReadable()) {
        if (parts.size() >= MAX_PARTS) {
          throw new RtmpProtocolException("aggregate of more than " + MAX_PARTS + " messages");
        }
        int offset = payload.readerIndex() - start;
        if (payload.readableBytes() < SUB_HEADER_SIZE) {
          throw malformed(offset, "header truncated to " + payload.readableBytes() + " bytes");
        }
        int type = payload.readUnsignedByte();
        int size = payload.readUnsignedMedium();
        long subTimestamp = payload.readUnsignedMedium() | ((long) payload.readUnsignedByte() << 24);
        payload.skipBytes(3); // sub-header stream id, see the class comment
        if (type != MessageType.AUDIO && type != MessageType.VIDEO
            && type != MessageType.DATA_AMF0 && type != MessageType.DATA_AMF3) {
          throw malformed(offset, "type " + type + " cannot be aggregated");
        }
        if (size > payload.readableBytes() - BACK_POINTER_SIZE) {
          throw malformed(offset, size + "-byte body and back pointer overrun the "
              + payload.readableBytes() + " bytes left");
        }
        if (base < 0) {
          base = subTimestamp;
        }
        long rebased = (timestamp + subTimestamp - base) & 0xFFFFFFFFL;
        ByteBuf body = payload.readRetainedSlice(size);
        payload.skipBytes(BACK_POINTER_SIZE);
        RtmpMessage part;
        try {
          part = MessageCodec.decode(type, rebased, streamId, body);
        } catch (RtmpProtocolException e) {
          throw malformed(offset, e.getMessage());
        }
        if (part != null) {
          parts.add(part);
        }
      }
      out.addAll(parts);
      done = true;
    } finally {
      payload.release();
      if (!done) {
        parts.forEach(ReferenceCountUtil::release);
      }
    }
  }

  private static RtmpProtocolException malformed(int offset, String what) {
    return new RtmpProtocolException("aggregate sub-message at byte " + offset + ": " + what);
  }
}
