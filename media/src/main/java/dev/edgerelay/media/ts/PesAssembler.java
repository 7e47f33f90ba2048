package dev.edgerelay.media.ts;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Reassembles the PES packets of one PID from TS packet payloads (ISO/IEC 13818-1 2.4.3.2, 2.4.3.6): a
 * packet with payload_unit_start_indicator begins a PES; it ends at its PES_packet_length, or, when that
 * is 0 (unbounded video), at the next unit start or the end of the stream. Continuity counters are
 * checked (2.4.3.3): a lost packet drops the PES in progress rather than hand a decoder a torn frame.
 */
final class PesAssembler implements AutoCloseable {
  /** Receives a complete PES's timestamps and elementary-stream bytes; {@code es} is valid during the call only. */
  @FunctionalInterface
  interface Sink {
    void pes(long pts, long dts, ByteBuf es);
  }

  /** Table 2-21 PTS_DTS_flags. */
  private static final int PTS_ONLY = 2;
  private static final int PTS_AND_DTS = 3;
  /** packet_start_code_prefix, stream_id, PES_packet_length. */
  private static final int FIXED_HEADER = 6;
  /** Then the '10' marker byte, the flags byte and PES_header_data_length. */
  private static final int OPTIONAL_HEADER = 9;
  private static final int TIMESTAMP_BYTES = 5;
  private static final int INITIAL_CAPACITY = 64 * 1024;

  private final int pid;
  private final int maxBytes;
  private final ByteBufAllocator alloc;
  private ByteBuf buffer;
  private int lastContinuity = -1;
  private boolean collecting;
  private long errors;

  PesAssembler(int pid, int maxBytes, ByteBufAllocator alloc) {
    this.pid = pid;
    this.maxBytes = maxBytes;
    this.alloc = alloc;
  }

  int pid() {
    return pid;
  }

  /** PES packets dropped: continuity errors, oversize, malformed headers. */
  long errors() {
    return errors;
  }

  /** One TS packet's payload on this PID. */
  void packet(boolean unitStart, int continuity, boolean discontinuity, ByteBuf payload, Sink sink) {
    if (lastContinuity >= 0 && !discontinuity) {
      if (continuity == lastContinuity) {
        return; // 2.4.3.3: a transport packet may be sent twice; the copy carries nothing new
      }
      if (continuity != ((lastContinuity + 1) & 0x0F)) {
        drop(); // packets were lost: the PES in progress has a hole
      }
    }
    lastContinuity = continuity;
    if (unitStart) {
      complete(sink);
      collecting = true;
      if (buffer == null) {
        buffer = alloc.heapBuffer(Math.min(INITIAL_CAPACITY, maxBytes), maxBytes);
      }
      buffer.clear();
    }
    if (!collecting) {
      return; // joined mid-PES, or after a drop: wait for the next unit start
    }
    if (payload.readableBytes() > maxBytes - buffer.readableBytes()) {
      drop();
      return;
    }
    buffer.writeBytes(payload, payload.readerIndex(), payload.readableBytes());
    if (buffer.readableBytes() >= FIXED_HEADER) {
      int declared = buffer.getUnsignedShort(4);
      if (declared > 0 && buffer.readableBytes() >= FIXED_HEADER + declared) {
        complete(sink); // a bounded PES (audio) ends without waiting for the next one
      }
    }
  }

  /** End of stream: hands out the PES in progress (an unbounded video PES ends only here). */
  void finish(Sink sink) {
    complete(sink);
  }

  private void drop() {
    if (collecting) {
      errors++;
      collecting = false;
    }
  }

  private void complete(Sink sink) {
    if (!collecting) {
      return;
    }
    collecting = false;
    ByteBuf b = buffer;
    int n = b.readableBytes();
    if (n < OPTIONAL_HEADER || b.getUnsignedMedium(0) != 0x000001 || (b.getUnsignedByte(6) & 0xC0) != 0x80) {
      errors++; // not a PES with the MPEG-2 optional header (every audio/video stream has one)
      return;
    }
    int declared = b.getUnsignedShort(4);
    int end = declared == 0 ? n : FIXED_HEADER + declared;
    int flags = b.getUnsignedByte(7) >> 6;
    int headerEnd = OPTIONAL_HEADER + b.getUnsignedByte(8);
    int timestamps = flags == PTS_AND_DTS ? 2 * TIMESTAMP_BYTES : TIMESTAMP_BYTES;
    if (end > n || headerEnd > end || (flags != PTS_ONLY && flags != PTS_AND_DTS)
        || headerEnd < OPTIONAL_HEADER + timestamps) {
      errors++; // truncated, or without a PTS to time it by
      return;
    }
    long pts = timestamp(b, OPTIONAL_HEADER);
    long dts = flags == PTS_AND_DTS ? timestamp(b, OPTIONAL_HEADER + TIMESTAMP_BYTES) : pts;
    sink.pes(pts, dts, b.slice(headerEnd, end - headerEnd));
  }

  /** 2.4.3.7: 3 + 15 + 15 bits, each part followed by a marker bit. */
  static long timestamp(ByteBuf b, int i) {
    return ((long) (b.getUnsignedByte(i) >> 1) & 0x07) << 30
        | (long) (b.getUnsignedShort(i + 1) >> 1) << 15
        | b.getUnsignedShort(i + 3) >> 1;
  }

  @Override
  public void close() {
    collecting = false;
    if (buffer != null) {
      buffer.release();
      buffer = null;
    }
  }
}
