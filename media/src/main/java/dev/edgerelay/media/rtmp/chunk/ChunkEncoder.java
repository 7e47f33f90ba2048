package dev.edgerelay.media.rtmp.chunk;

import static dev.edgerelay.media.rtmp.chunk.ChunkFormat.DEFAULT_CHUNK_SIZE;
import static dev.edgerelay.media.rtmp.chunk.ChunkFormat.EXTENDED_TIMESTAMP_MARKER;

import dev.edgerelay.media.rtmp.message.MediaMessage;
import dev.edgerelay.media.rtmp.message.MessageCodec;
import dev.edgerelay.media.rtmp.message.RtmpMessage;
import dev.edgerelay.media.rtmp.message.SetChunkSize;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Cuts {@link RtmpMessage}s into chunks (spec 5.3). Per connection, because the protocol makes it
 * stateful: the chunk size changes after we send Set Chunk Size, and headers are compressed against
 * the previous message on the same chunk stream (format 1 and 2 headers send only what changed).
 * Continuation chunks are format 3 and repeat an extended timestamp, as the spec and FFmpeg do.
 */
public final class ChunkEncoder extends MessageToByteEncoder<RtmpMessage> {
  /** Highest chunk stream id {@link ChunkStreamIds} hands out, plus one. */
  private static final int TRACKED_IDS = 8;

  private int chunkSize = DEFAULT_CHUNK_SIZE;
  private final boolean[] sent = new boolean[TRACKED_IDS];
  private final long[] lastTimestamp = new long[TRACKED_IDS];
  private final int[] lastLength = new int[TRACKED_IDS];
  private final int[] lastType = new int[TRACKED_IDS];
  private final int[] lastStreamId = new int[TRACKED_IDS];

  public ChunkEncoder() {
    super(RtmpMessage.class);
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, RtmpMessage message, ByteBuf out) {
    if (message instanceof MediaMessage media) {
      ByteBuf body = media.content();
      writeChunks(message, body, body.readerIndex(), body.readableBytes(), out);
    } else {
      ByteBuf body = ctx.alloc().heapBuffer();
      try {
        MessageCodec.encodePayload(message, body);
        writeChunks(message, body, body.readerIndex(), body.readableBytes(), out);
      } finally {
        body.release();
      }
    }
    if (message instanceof SetChunkSize m) {
      chunkSize = m.chunkSize(); // spec 5.4.1: applies to the chunks after this message
    }
  }

  @Override
  protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, RtmpMessage message, boolean preferDirect) {
    int length = message instanceof MediaMessage m ? m.content().readableBytes() : 64;
    int chunks = Math.max(1, (length + chunkSize - 1) / chunkSize);
    // up to 18 header bytes for the first chunk, 1 + 4 for each continuation
    int capacity = length + 18 + (chunks - 1) * 5;
    return preferDirect ? ctx.alloc().ioBuffer(capacity) : ctx.alloc().heapBuffer(capacity);
  }

  private void writeChunks(RtmpMessage m, ByteBuf body, int from, int length, ByteBuf out) {
    int csid = ChunkStreamIds.forMessage(m);
    long timestamp = m.timestamp() & 0xFFFFFFFFL;
    int format;
    long field;
    if (!sent[csid] || lastStreamId[csid] != m.streamId() || timestamp < lastTimestamp[csid]) {
      format = 0;
      field = timestamp;
    } else {
      field = timestamp - lastTimestamp[csid];
      format = lastType[csid] == m.typeId() && lastLength[csid] == length ? 2 : 1;
    }
    sent[csid] = true;
    lastTimestamp[csid] = timestamp;
    lastLength[csid] = length;
    lastType[csid] = m.typeId();
    lastStreamId[csid] = m.streamId();

    boolean extended = field >= EXTENDED_TIMESTAMP_MARKER;
    out.writeByte(format << 6 | csid);
    out.writeMedium(extended ? EXTENDED_TIMESTAMP_MARKER : (int) field);
    if (format < 2) {
      out.writeMedium(length);
      out.writeByte(m.typeId());
    }
    if (format == 0) {
      out.writeIntLE(m.streamId());
    }
    if (extended) {
      out.writeInt((int) field);
    }
    int written = 0;
    do {
      if (written > 0) {
        out.writeByte(3 << 6 | csid);
        if (extended) {
          out.writeInt((int) field);
        }
      }
      int n = Math.min(chunkSize, length - written);
      out.writeBytes(body, from + written, n);
      written += n;
    } while (written < length);
  }
}
