package dev.edgerelay.media.rtmp.chunk;

import static dev.edgerelay.media.rtmp.chunk.ChunkFormat.DEFAULT_CHUNK_SIZE;
import static dev.edgerelay.media.rtmp.chunk.ChunkFormat.EXTENDED_TIMESTAMP_MARKER;
import static dev.edgerelay.media.rtmp.chunk.ChunkFormat.MESSAGE_HEADER_SIZE;

import dev.edgerelay.media.rtmp.message.AbortMessage;
import dev.edgerelay.media.rtmp.message.Acknowledgement;
import dev.edgerelay.media.rtmp.message.AggregateSplitter;
import dev.edgerelay.media.rtmp.message.MessageCodec;
import dev.edgerelay.media.rtmp.message.MessageType;
import dev.edgerelay.media.rtmp.message.PeerLog;
import dev.edgerelay.media.rtmp.message.ProtocolFailure;
import dev.edgerelay.media.rtmp.message.RtmpMessage;
import dev.edgerelay.media.rtmp.message.RtmpProtocolException;
import dev.edgerelay.media.rtmp.message.SetChunkSize;
import dev.edgerelay.media.rtmp.message.WindowAcknowledgementSize;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.collection.IntObjectHashMap;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the chunk stream (spec 5.3) into reassembled, typed {@link RtmpMessage}s. Applies Set Chunk
 * Size and Abort itself, since they change how the very next chunk is read, and sends an
 * Acknowledgement each time the peer's window of bytes has been received (spec 5.4.3).
 *
 * <p>Aggregate messages (spec 7.1.6) are split here into the messages they carry, so the layers above
 * only ever see ordinary audio, video and data messages. Shared objects (spec 7.1.3) are dropped.
 *
 * <p>Payload bytes are not copied: each message is handed over as retained slices of the input, so its
 * consumer's release is what frees the socket's read buffers (see {@link ChunkStream}).
 *
 * <p>Memory is charged as payload arrives, never on a header's word: what unfinished messages hold counts
 * against {@link ChunkLimits#maxBufferedBytes()} for this connection and against a {@link ChunkBudget}
 * shared by the endpoint's connections.
 *
 * <p>Malformed input or a broken limit moves the decoder to {@link State#BAD}: it logs the peer and
 * the reason (naming the limit) once, closes the connection and ignores whatever else arrives.
 */
public final class ChunkDecoder extends ByteToMessageDecoder {
  private static final Logger log = LoggerFactory.getLogger(ChunkDecoder.class);

  private enum State { BASIC_HEADER, MESSAGE_HEADER, EXTENDED_TIMESTAMP, PAYLOAD, BAD }

  private final ChunkLimits limits;
  /**
   * What a connection's unfinished messages may pin before they are compacted at read ends: above two of
   * Netty's largest adaptive read buffers (64 KiB), which an honest publisher's keyframe and audio in flight
   * stay under; a peer that opens many messages and stalls passes it at once.
   */
  static final long COMPACT_ABOVE_BYTES = 256 * 1024;
  private final ChunkBudget budget;
  /** Bytes this connection's unfinished messages hold, all of them charged to {@link #budget}. */
  private long held;
  private final IntObjectHashMap<ChunkStream> streams = new IntObjectHashMap<>();
  /** The same streams in a list, walked after every read without allocating an iterator; never shrinks. */
  private final List<ChunkStream> streamList = new ArrayList<>();
  private State state = State.BASIC_HEADER;
  private int chunkSize = DEFAULT_CHUNK_SIZE;
  private ChunkStream current;
  private int format;
  private long timestampField;
  /** Payload bytes still to read in the current chunk. */
  private int chunkRemaining;
  private long bytesReceived;
  private long lastAcknowledged;
  private long ackWindow;
  private String badReason;
  /** Message types already reported as unsupported on this connection. */
  private final BitSet unsupportedLogged = new BitSet(256);

  /** A decoder whose connection has only its own limit (a client's). */
  public ChunkDecoder(ChunkLimits limits) {
    this(limits, new ChunkBudget(limits.maxBufferedBytes()));
  }

  /** A decoder charging what it holds to {@code budget} too, which the endpoint's connections share. */
  public ChunkDecoder(ChunkLimits limits, ChunkBudget budget) {
    this.limits = limits;
    this.budget = budget;
  }

  /** Bytes this connection's unfinished messages hold, for tests and diagnostics. */
  public long heldBytes() {
    return held;
  }

  /** The peer's current chunk size, for tests and diagnostics. */
  public int chunkSize() {
    return chunkSize;
  }

  /** Why the decoder gave up, or null while the stream is well formed. */
  public String badReason() {
    return badReason;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (msg instanceof ByteBuf buf) {
      bytesReceived += buf.readableBytes();
    }
    super.channelRead(ctx, msg);
    compactPaused(ctx);
    if (ackWindow > 0 && bytesReceived - lastAcknowledged >= ackWindow && state != State.BAD) {
      lastAcknowledged = bytesReceived;
      // spec 5.4.3: the sequence number is the byte count so far, wrapping at 32 bits
      ctx.writeAndFlush(new Acknowledgement(bytesReceived & 0xFFFFFFFFL));
    }
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    try {
      while (decodeStep(ctx, in, out)) {
        // each step consumed a complete field; loop until input runs short
      }
    } catch (RtmpProtocolException e) {
      fail(ctx, in, e.getMessage());
    }
  }

  /** Advances one state; returns false when more input is needed. */
  private boolean decodeStep(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws RtmpProtocolException {
    switch (state) {
      case BASIC_HEADER:
        return basicHeader(in);
      case MESSAGE_HEADER:
        return messageHeader(ctx, in);
      case EXTENDED_TIMESTAMP:
        return extendedTimestamp(ctx, in);
      case PAYLOAD:
        return payload(ctx, in, out);
      case BAD:
      default:
        in.skipBytes(in.readableBytes());
        return false;
    }
  }

  private boolean basicHeader(ByteBuf in) throws RtmpProtocolException {
    if (!in.isReadable()) {
      return false;
    }
    int first = in.getUnsignedByte(in.readerIndex());
    int id = first & 0x3F;
    int length = id == 0 ? 2 : id == 1 ? 3 : 1;
    if (in.readableBytes() < length) {
      return false;
    }
    if (id == 0) {
      id = 64 + in.getUnsignedByte(in.readerIndex() + 1);
    } else if (id == 1) {
      id = 64 + in.getUnsignedByte(in.readerIndex() + 1) + (in.getUnsignedByte(in.readerIndex() + 2) << 8);
    }
    in.skipBytes(length);
    format = first >> 6;
    current = stream(id);
    if (format != 0 && !current.hasHeader) {
      throw new RtmpProtocolException("chunk stream " + id + " starts with a format " + format + " header");
    }
    if (format != 3 && current.inMessage()) {
      throw new RtmpProtocolException("chunk stream " + id + " got a new header with "
          + current.remaining() + " bytes of its message missing");
    }
    state = State.MESSAGE_HEADER;
    return true;
  }

  private ChunkStream stream(int id) throws RtmpProtocolException {
    ChunkStream stream = streams.get(id);
    if (stream == null) {
      if (streams.size() >= limits.maxChunkStreams()) {
        throw new RtmpProtocolException("more than " + limits.maxChunkStreams() + " chunk streams (maxChunkStreams)");
      }
      stream = new ChunkStream(id);
      streams.put(id, stream);
      streamList.add(stream);
    }
    return stream;
  }

  private boolean messageHeader(ChannelHandlerContext ctx, ByteBuf in) throws RtmpProtocolException {
    int size = MESSAGE_HEADER_SIZE[format];
    if (in.readableBytes() < size) {
      return false;
    }
    ChunkStream s = current;
    if (format < 3) {
      timestampField = in.readUnsignedMedium();
      if (format < 2) {
        s.messageLength = in.readUnsignedMedium();
        s.typeId = in.readUnsignedByte();
      }
      if (format == 0) {
        s.streamId = in.readIntLE(); // the one little-endian field of RTMP (spec 5.3.1.2.1)
      }
      s.extended = timestampField == EXTENDED_TIMESTAMP_MARKER;
      s.hasHeader = true;
    }
    state = s.extended ? State.EXTENDED_TIMESTAMP : State.PAYLOAD;
    if (!s.extended) {
      startChunk(ctx, s);
    }
    return true;
  }

  /**
   * Format 3 chunks after an extended timestamp: the spec and FFmpeg repeat the 4 bytes, some Flash-era
   * servers do not. Read both ways: consume the 4 bytes only when they equal the last extended value.
   */
  private boolean extendedTimestamp(ChannelHandlerContext ctx, ByteBuf in) throws RtmpProtocolException {
    if (in.readableBytes() < 4) {
      return false;
    }
    ChunkStream s = current;
    if (format < 3) {
      timestampField = in.readUnsignedInt();
    } else if (in.getUnsignedInt(in.readerIndex()) == s.timestampField) {
      in.skipBytes(4);
    }
    state = State.PAYLOAD;
    startChunk(ctx, s);
    return true;
  }

  /** Applies a complete chunk header: starts a message when none is open, and sizes the chunk. */
  private void startChunk(ChannelHandlerContext ctx, ChunkStream s) throws RtmpProtocolException {
    if (!s.inMessage()) {
      if (format == 0) {
        s.timestamp = timestampField;
      } else if (format < 3) {
        s.timestamp = (s.timestamp + timestampField) & 0xFFFFFFFFL;
      } else {
        // a format 3 header starting a message repeats the previous delta (spec 5.3.1.2.4)
        s.timestamp = (s.timestamp + s.timestampField) & 0xFFFFFFFFL;
      }
      if (format < 3) {
        s.timestampField = timestampField;
      }
      if (s.messageLength > limits.maxMessageSize()) {
        throw new RtmpProtocolException("message of " + s.messageLength + " bytes on chunk stream " + s.id
            + ", limit " + limits.maxMessageSize() + " (maxMessageSize)");
      }
      s.startMessage(chunkSize);
    }
    chunkRemaining = Math.min(chunkSize, s.remaining());
  }

  private boolean payload(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws RtmpProtocolException {
    ChunkStream s = current;
    int n = Math.min(chunkRemaining, in.readableBytes());
    if (n > 0) {
      long before = s.heldBytes();
      s.append(in, n, ctx.alloc());
      chunkRemaining -= n;
      charge(s.heldBytes() - before);
    }
    if (chunkRemaining > 0) {
      return false;
    }
    state = State.BASIC_HEADER;
    if (s.remaining() == 0) {
      charge(-s.heldBytes()); // the complete message is handed on: its owner's bounds count it from here
    }
    if (s.remaining() == 0 && s.typeId == MessageType.AGGREGATE) {
      AggregateSplitter.split(s.timestamp, s.streamId, s.takeMessage(ctx.alloc()), out);
    } else if (s.remaining() == 0) {
      RtmpMessage message = MessageCodec.decode(s.typeId, s.timestamp, s.streamId, s.takeMessage(ctx.alloc()));
      if (message == null) {
        logUnsupportedOnce(s.typeId);
      } else {
        apply(message);
        out.add(message);
      }
    }
    return true;
  }

  /** Shared objects (types 16, 19) and unknown types are dropped; one debug line per type and connection. */
  private void logUnsupportedOnce(int typeId) {
    if (!unsupportedLogged.get(typeId)) {
      unsupportedLogged.set(typeId);
      log.debug("ignoring messages of unsupported type {} on this connection", typeId);
    }
  }

  /** Protocol control that changes how this decoder reads (spec 5.4.1, 5.4.2, 5.4.4). */
  private void apply(RtmpMessage message) throws RtmpProtocolException {
    if (message instanceof SetChunkSize m) {
      if (m.chunkSize() > limits.maxChunkSize()) {
        throw new RtmpProtocolException("chunk size " + m.chunkSize() + ", limit " + limits.maxChunkSize());
      }
      chunkSize = m.chunkSize();
    } else if (message instanceof AbortMessage m) {
      ChunkStream s = streams.get(m.chunkStreamId());
      if (s != null) {
        charge(-s.heldBytes());
        s.discard();
      }
    } else if (message instanceof WindowAcknowledgementSize m) {
      ackWindow = m.windowSize();
    }
  }

  /**
   * Charges a change in what the unfinished messages hold; a growth past this connection's limit or the
   * shared budget is a protocol failure (the memory is given back when the decoder releases its streams).
   */
  private void charge(long bytes) throws RtmpProtocolException {
    if (bytes <= 0) {
      budget.release(-bytes);
      held += bytes;
      return;
    }
    if (held + bytes > limits.maxBufferedBytes()) {
      throw new RtmpProtocolException("unfinished messages would hold " + (held + bytes) + " bytes, limit "
          + limits.maxBufferedBytes() + " (maxConnectionBufferedBytes)");
    }
    if (!budget.tryCharge(bytes)) {
      throw new RtmpProtocolException("the server's unfinished messages would hold more than " + budget.limit()
          + " bytes (maxServerBufferedBytes)");
    }
    held += bytes;
  }

  /**
   * A read has ended: messages left unfinished give back the read buffers they barely use, once the connection
   * holds more than {@link #COMPACT_ABOVE_BYTES}. Below it nothing is copied: a camera's keyframe that spans
   * reads pins one or two read buffers for a moment, and copying what arrived of it at every read end would
   * copy each keyframe several times over for no memory saved.
   */
  private void compactPaused(ChannelHandlerContext ctx) {
    if (state == State.BAD || held <= COMPACT_ABOVE_BYTES) {
      return;
    }
    for (int i = 0; i < streamList.size(); i++) {
      ChunkStream s = streamList.get(i);
      if (s.inMessage()) {
        long before = s.heldBytes();
        s.compact(ctx.alloc());
        long freed = before - s.heldBytes(); // never negative: a compact copy holds at most a quarter of before
        budget.release(freed);
        held -= freed;
      }
    }
  }

  private void fail(ChannelHandlerContext ctx, ByteBuf in, String reason) {
    state = State.BAD;
    badReason = reason;
    in.skipBytes(in.readableBytes());
    releaseStreams();
    PeerLog.protocolError(log, ctx, reason);
    ctx.fireUserEventTriggered(new ProtocolFailure(reason, false));
    ctx.close();
  }

  private void releaseStreams() {
    for (ChunkStream s : streams.values()) {
      s.discard();
    }
    budget.release(held);
    held = 0;
  }

  @Override
  protected void handlerRemoved0(ChannelHandlerContext ctx) {
    releaseStreams();
  }
}
