package dev.edgerelay.media.flv;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes an FLV file or HTTP-FLV byte stream (Adobe FLV spec v10.1, annex E.2 header, E.3 body,
 * E.4.1 tag) into {@link FlvTag}s. An explicit state machine: input may be split at any byte.
 * Malformed input moves to {@link State#BAD}, which discards everything after it and closes the
 * channel (an HTTP-FLV connection gone bad cannot resynchronise); the reason is logged and available
 * from {@link #failure()}.
 */
public final class FlvDecoder extends ByteToMessageDecoder {
  private static final Logger LOG = LoggerFactory.getLogger(FlvDecoder.class);

  /** E.2 header: 'FLV', version, flags, DataOffset (UI32). */
  static final int HEADER_BYTES = 9;
  /** E.4.1 tag header: TagType, DataSize (UI24), Timestamp (UI24), TimestampExtended, StreamID (UI24). */
  static final int TAG_HEADER_BYTES = 11;
  /** E.3 PreviousTagSize (UI32). */
  static final int PREVIOUS_TAG_SIZE_BYTES = 4;
  /** A header claiming a larger DataOffset is not an FLV file we understand; guards the skip. */
  static final int MAX_HEADER_OFFSET = 1024;
  /** Default cap on one tag body; DataSize is 24 bits, so 16 MiB is the format's own ceiling. */
  public static final int DEFAULT_MAX_TAG_BYTES = 16 * 1024 * 1024;

  private enum State { FILE_HEADER, SKIP_HEADER_EXTENSION, PREVIOUS_TAG_SIZE, TAG_HEADER, TAG_BODY, BAD }

  private final int maxTagBytes;
  private State state = State.FILE_HEADER;
  private int skip;
  private int expectedPreviousTagSize;
  private FlvTagType pendingType;
  private long pendingTimestamp;
  private int pendingSize;
  private String failure;

  public FlvDecoder() {
    this(DEFAULT_MAX_TAG_BYTES);
  }

  public FlvDecoder(int maxTagBytes) {
    this.maxTagBytes = maxTagBytes;
  }

  /** Why the decoder stopped, or null while the input is well formed. */
  public String failure() {
    return failure;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    boolean progress = true;
    while (progress) {
      progress = switch (state) {
        case FILE_HEADER -> readFileHeader(in);
        case SKIP_HEADER_EXTENSION -> skipHeaderExtension(in);
        case PREVIOUS_TAG_SIZE -> readPreviousTagSize(in);
        case TAG_HEADER -> readTagHeader(in);
        case TAG_BODY -> readTagBody(in, out);
        case BAD -> {
          in.skipBytes(in.readableBytes());
          yield false;
        }
      };
    }
    if (state == State.BAD && ctx.channel().isActive()) {
      ctx.close();
    }
  }

  private boolean readFileHeader(ByteBuf in) {
    if (in.readableBytes() < HEADER_BYTES) {
      return false;
    }
    int signature = in.readUnsignedMedium();
    in.skipBytes(2); // version (1), TypeFlags: audio/video presence is advisory, tags say what they are
    long dataOffset = in.readUnsignedInt();
    if (signature != 0x464C56) { // "FLV"
      return fail("not an FLV stream: signature 0x" + Integer.toHexString(signature));
    }
    if (dataOffset < HEADER_BYTES || dataOffset > MAX_HEADER_OFFSET) {
      return fail("FLV DataOffset " + dataOffset + " outside [9, " + MAX_HEADER_OFFSET + "]");
    }
    skip = (int) dataOffset - HEADER_BYTES;
    expectedPreviousTagSize = 0; // E.3: PreviousTagSize0 is always 0
    state = State.SKIP_HEADER_EXTENSION;
    return true;
  }

  private boolean skipHeaderExtension(ByteBuf in) {
    int n = Math.min(skip, in.readableBytes());
    in.skipBytes(n);
    skip -= n;
    if (skip > 0) {
      return false;
    }
    state = State.PREVIOUS_TAG_SIZE;
    return true;
  }

  private boolean readPreviousTagSize(ByteBuf in) {
    if (in.readableBytes() < PREVIOUS_TAG_SIZE_BYTES) {
      return false;
    }
    long previous = in.readUnsignedInt();
    if (previous != expectedPreviousTagSize) {
      return fail("PreviousTagSize " + previous + " where " + expectedPreviousTagSize + " was expected");
    }
    state = State.TAG_HEADER;
    return true;
  }

  private boolean readTagHeader(ByteBuf in) {
    if (in.readableBytes() < TAG_HEADER_BYTES) {
      return false;
    }
    int typeByte = in.readUnsignedByte();
    int size = in.readUnsignedMedium();
    long timestamp = in.readUnsignedMedium() | ((long) in.readUnsignedByte() << 24); // E.4.1: extended byte is bits 31..24
    in.skipBytes(3); // StreamID, always 0
    if ((typeByte & 0x20) != 0) { // E.4.1 Filter bit: encrypted (FMS DRM) bodies cannot be remuxed
      return fail("encrypted FLV tag (Filter bit set)");
    }
    if (size > maxTagBytes) {
      return fail("FLV tag of " + size + " bytes over the cap of " + maxTagBytes);
    }
    pendingType = FlvTagType.of(typeByte & 0x1F);
    pendingTimestamp = timestamp;
    pendingSize = size;
    expectedPreviousTagSize = TAG_HEADER_BYTES + size;
    state = State.TAG_BODY;
    return true;
  }

  private boolean readTagBody(ByteBuf in, List<Object> out) {
    if (in.readableBytes() < pendingSize) {
      return false;
    }
    if (pendingType == null) {
      in.skipBytes(pendingSize); // E.4.1 reserves other types; skipping keeps the stream usable
    } else {
      out.add(new FlvTag(pendingType, pendingTimestamp, in.readRetainedSlice(pendingSize)));
    }
    state = State.PREVIOUS_TAG_SIZE;
    return true;
  }

  private boolean fail(String reason) {
    failure = reason;
    LOG.warn("FLV input rejected: {}", reason);
    state = State.BAD;
    return true;
  }
}
