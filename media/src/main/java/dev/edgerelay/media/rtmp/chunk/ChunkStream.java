package dev.edgerelay.media.rtmp.chunk;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;

/**
 * What the chunk decoder remembers about one chunk stream (spec 5.3.1.2): the last message header,
 * which later header formats leave out, and the message being reassembled.
 *
 * <p>Reassembly copies no payload byte in the common case: a message is held as retained slices of the
 * decoder's input, one per chunk piece (a single slice when it arrived in one piece, else a composite).
 * A message that needs more than {@link #MAX_MESSAGE_PARTS} pieces (small chunks, or a peer trickling
 * bytes) is copied once into one buffer instead, so per-piece bookkeeping and the input buffers kept
 * alive by slices stay bounded.
 *
 * <p>A slice keeps its whole input buffer alive, and byte bounds downstream (GOP cache, player queues) count
 * only the payload. So a message whose pieces would pin more than {@link #MAX_PIN_RATIO} times its own length
 * of input capacity (an audio frame or a small P-frame at the end of a 64 KB read) is copied once when
 * complete: a copy that small is cheap, and it lets the read buffer go. What a held message pins is thus at
 * most {@code MAX_PIN_RATIO} times the bytes those bounds count. The per-message rule cannot see that one read
 * buffer is shared by several held messages, so it also copies 8 KB P-frames out of full 64 KB reads: in
 * RtmpIngestBenchmark (64 KB reads) decode+reassemble+map went from 2356 to 1966 MB/s per core.
 */
final class ChunkStream {
  /**
   * Pieces one message may be held in: a 64 KB P-frame at 4096-byte chunks is 16, split by a few socket
   * reads; more pieces cost more to read later than one copy costs now.
   */
  static final int MAX_MESSAGE_PARTS = 64;
  /** Bytes allocated up front for a copied message; longer messages grow as their chunks arrive. */
  static final int PREALLOCATE_LIMIT = 256 * 1024;
  /**
   * Input capacity a message held as slices may pin, as a multiple of its length. Past it the message is
   * copied: the slack would be invisible to every byte bound that counts payload.
   */
  static final int MAX_PIN_RATIO = 4;

  private enum Assembly { NONE, SLICES, COPY }

  final int id;
  boolean hasHeader;
  /** Absolute timestamp of the current (or last) message. */
  long timestamp;
  /** The timestamp field of the last format 0-2 header: absolute for format 0, a delta otherwise. */
  long timestampField;
  /** The last header's timestamp field was 0xFFFFFF, so a 4-byte extended timestamp follows headers. */
  boolean extended;
  int messageLength;
  int typeId;
  int streamId;
  /** How the current message is being held; NONE between messages. */
  private Assembly assembly = Assembly.NONE;
  /** Payload bytes of the current message received so far. */
  private int received;
  /** The pieces received so far (a slice, a composite of slices, or a copy), or null before the first. */
  private ByteBuf body;
  /** Capacity of the input buffers the current message's slices keep alive. */
  private long pinned;
  /** The input the last slice came from, compared by identity only (not retained), so it counts once. */
  private ByteBuf lastInput;

  ChunkStream(int id) {
    this.id = id;
  }

  boolean inMessage() {
    return assembly != Assembly.NONE;
  }

  int remaining() {
    return messageLength - received;
  }

  /**
   * Opens a message of {@link #messageLength} bytes. One whose chunk count alone passes
   * {@link #MAX_MESSAGE_PARTS} is copied from the start.
   */
  void startMessage(int chunkSize, ByteBufAllocator alloc) {
    received = 0;
    pinned = 0;
    long chunks = ((long) messageLength + chunkSize - 1) / chunkSize;
    if (chunks > MAX_MESSAGE_PARTS) {
      assembly = Assembly.COPY;
      body = copyBuffer(alloc);
    } else {
      assembly = Assembly.SLICES;
    }
  }

  /** Takes the next {@code length} payload bytes of the message from {@code in}. */
  void append(ByteBuf in, int length, ByteBufAllocator alloc) {
    received += length;
    if (assembly == Assembly.COPY) {
      body.writeBytes(in, length);
      return;
    }
    if (in != lastInput) {
      pinned += in.capacity();
      lastInput = in;
    }
    if (body == null) {
      body = in.readRetainedSlice(length);
    } else if (!(body instanceof CompositeByteBuf)) {
      body = alloc.compositeBuffer(MAX_MESSAGE_PARTS).addComponent(true, body)
          .addComponent(true, in.readRetainedSlice(length));
    } else if (((CompositeByteBuf) body).numComponents() < MAX_MESSAGE_PARTS) {
      ((CompositeByteBuf) body).addComponent(true, in.readRetainedSlice(length));
    } else {
      ByteBuf copy = copyBuffer(alloc).writeBytes(body);
      body.release();
      body = copy.writeBytes(in, length);
      assembly = Assembly.COPY;
    }
  }

  /**
   * Hands over the complete message's payload; the caller owns it. Slices that pin more input than
   * {@link #MAX_PIN_RATIO} allows are copied here, so the input goes back to the pool.
   */
  ByteBuf takeMessage(ByteBufAllocator alloc) {
    if (assembly == Assembly.SLICES && body != null && pinned > (long) MAX_PIN_RATIO * body.readableBytes()) {
      ByteBuf copy = alloc.buffer(body.readableBytes(), body.readableBytes()).writeBytes(body);
      body.release();
      body = copy;
    }
    ByteBuf payload = body == null ? Unpooled.EMPTY_BUFFER : body;
    body = null;
    lastInput = null;
    assembly = Assembly.NONE;
    return payload;
  }

  /** Drops the message being reassembled (Abort, spec 5.4.2; or the connection ending). */
  void discard() {
    if (body != null) {
      body.release();
      body = null;
    }
    lastInput = null;
    assembly = Assembly.NONE;
  }

  /**
   * The declared length is allocated at once (a keyframe grown chunk by chunk is copied five times),
   * but trusted only up to PREALLOCATE_LIMIT: a peer that lies about lengths costs little.
   */
  private ByteBuf copyBuffer(ByteBufAllocator alloc) {
    return alloc.buffer(Math.min(messageLength, PREALLOCATE_LIMIT), messageLength);
  }
}
