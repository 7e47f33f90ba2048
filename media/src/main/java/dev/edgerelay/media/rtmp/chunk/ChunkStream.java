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
 *
 * <p>Memory follows the payload, never the declared length: a copy starts at the size of its first piece
 * and grows as pieces arrive, and an unfinished message whose slices pin more than {@code MAX_PIN_RATIO}
 * times its bytes is compacted when the read ends ({@link #compact}). What a stream holds,
 * {@link #heldBytes()}, is what the decoder charges to its budgets.
 */
final class ChunkStream {
  /**
   * Pieces one message may be held in: a 64 KB P-frame at 4096-byte chunks is 16, split by a few socket
   * reads; more pieces cost more to read later than one copy costs now.
   */
  static final int MAX_MESSAGE_PARTS = 64;
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
   * Bytes of memory the unfinished message holds: the capacity of its copy, or of the input buffers its
   * slices keep alive (counted once per buffer and stream, so input shared by several streams counts for each).
   */
  long heldBytes() {
    if (assembly == Assembly.COPY) {
      return body == null ? 0 : body.capacity();
    }
    return assembly == Assembly.SLICES ? pinned : 0;
  }

  /**
   * Opens a message of {@link #messageLength} bytes. One whose chunk count alone passes
   * {@link #MAX_MESSAGE_PARTS} is copied from the start. Nothing is allocated before payload arrives.
   */
  void startMessage(int chunkSize) {
    received = 0;
    pinned = 0;
    long chunks = ((long) messageLength + chunkSize - 1) / chunkSize;
    assembly = chunks > MAX_MESSAGE_PARTS ? Assembly.COPY : Assembly.SLICES;
  }

  /** Takes the next {@code length} payload bytes of the message from {@code in}. */
  void append(ByteBuf in, int length, ByteBufAllocator alloc) {
    received += length;
    if (assembly == Assembly.COPY) {
      if (body == null) {
        body = copyBuffer(alloc, length);
      }
      body.writeBytes(in, length); // grows by doubling up to the declared length, as payload arrives
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
      ByteBuf copy = copyBuffer(alloc, body.readableBytes() + length).writeBytes(body);
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

  /**
   * Called when a read ends inside this stream's message: slices that pin more than {@link #MAX_PIN_RATIO}
   * times the bytes they hold (a few payload bytes in a large read buffer) are replaced by one exact copy,
   * so a peer that opens many messages and stalls holds its bytes, not its read buffers. Later pieces are
   * sliced again.
   */
  void compact(ByteBufAllocator alloc) {
    if (assembly != Assembly.SLICES || body == null || pinned <= (long) MAX_PIN_RATIO * body.readableBytes()) {
      return;
    }
    ByteBuf copy = alloc.buffer(body.readableBytes(), body.readableBytes()).writeBytes(body);
    body.release();
    body = copy;
    pinned = copy.capacity();
    lastInput = null;
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
   * A copy sized for the bytes at hand, never for the declared length: a header costs the peer 12 bytes and
   * must not cost us more. Growing to the length doubles, so a keyframe is copied about log2(length / piece)
   * times, each byte at most twice on average.
   */
  private ByteBuf copyBuffer(ByteBufAllocator alloc, int initialBytes) {
    return alloc.buffer(Math.min(initialBytes, messageLength), messageLength);
  }
}
