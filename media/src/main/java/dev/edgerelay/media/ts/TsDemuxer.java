package dev.edgerelay.media.ts;

import dev.edgerelay.media.MediaUnit;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Demuxes the MPEG-TS our recorder writes, and any sane single-program TS (ISO/IEC 13818-1), back to
 * {@link MediaUnit}s: the inverse of {@link TsMuxer}. Bytes arrive split anywhere; the decoder keeps a
 * partial packet between calls. PAT then PMT name the PIDs; PES packets are reassembled per PID
 * ({@link PesAssembler}), video access units are converted from Annex B to the length-prefixed form
 * with their configuration record ({@link AnnexBUnitReader}), ADTS is split into raw AAC frames
 * ({@link AdtsUnitReader}). Units are in the 90 kHz timebase, unwrapped past 33 bits; they come out in
 * the order their PES packets end, so video (whose PES is unbounded) may trail audio by a frame.
 *
 * <p>Damage is survived as a decoder should: a corrupt PES is dropped and counted, lost sync is searched
 * for again. Input that shows no sync byte for {@link #MAX_SYNC_SEARCH_BYTES} is not a transport
 * stream: the demuxer moves to its terminal failed state and ignores the rest. Nothing is thrown.
 * Not thread-safe: one stream, one thread at a time.
 */
public final class TsDemuxer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TsDemuxer.class);
  /** Largest PES reassembled: a recorded segment is at most 8 MB, so no frame in it is larger. */
  public static final int MAX_PES_BYTES = 8 * 1024 * 1024;
  /** Bytes searched for a sync byte before the input is declared not to be TS (a few dozen packets' worth). */
  public static final int MAX_SYNC_SEARCH_BYTES = 64 * TsPacket.SIZE;
  /** adaptation_field_control bits (Table 2-5). */
  private static final int HAS_ADAPTATION = 0x2;
  private static final int HAS_PAYLOAD = 0x1;
  /** adaptation_field_length cannot exceed what a packet holds after the length byte (2.4.3.5). */
  private static final int MAX_ADAPTATION_LENGTH = TsPacket.PAYLOAD_SIZE - 1;

  private enum State { SYNC, PACKET, FAILED }

  private final ByteBufAllocator alloc;
  private final ByteBuf packet = Unpooled.buffer(TsPacket.SIZE, TsPacket.SIZE);
  private final SectionAssembler patSection = new SectionAssembler();
  private final SectionAssembler pmtSection = new SectionAssembler();
  private final TimestampUnwrapper33 clock = new TimestampUnwrapper33();
  private final AdtsUnitReader audioReader;
  private State state = State.SYNC;
  private int searched;
  private int pmtPid = ProgramMap.NONE;
  private ProgramMap program;
  private PesAssembler video;
  private PesAssembler audio;
  private AnnexBUnitReader videoReader;
  private long syncLosses;
  private long packets;
  private String failure;

  public TsDemuxer(ByteBufAllocator alloc) {
    this.alloc = alloc;
    this.audioReader = new AdtsUnitReader(alloc);
  }

  /** Reads all of {@code in} (the caller keeps ownership); each unit goes to {@code out}, which owns it. */
  public void feed(ByteBuf in, Consumer<MediaUnit> out) {
    while (in.isReadable()) {
      switch (state) {
        case FAILED -> in.skipBytes(in.readableBytes());
        case SYNC -> seekSync(in);
        case PACKET -> {
          if (!packet.isWritable()) { // a whole packet waits for the next sync byte to confirm the alignment
            if (in.getUnsignedByte(in.readerIndex()) == TsPacket.SYNC_BYTE) {
              onPacket(out);
            } else {
              realign();
            }
            continue;
          }
          packet.writeBytes(in, Math.min(packet.writableBytes(), in.readableBytes()));
        }
      }
    }
  }

  private void onPacket(Consumer<MediaUnit> out) {
    packets++;
    searched = 0;
    demuxPacket(out);
    packet.clear();
  }

  /** The sync byte we started from was payload: look again from the byte after it. */
  private void realign() {
    syncLosses++;
    int at = packet.indexOf(1, TsPacket.SIZE, (byte) TsPacket.SYNC_BYTE);
    searched += at < 0 ? TsPacket.SIZE : at;
    if (at < 0) {
      packet.clear();
      state = State.SYNC;
    } else {
      packet.readerIndex(at);
      packet.discardReadBytes();
    }
    if (searched > MAX_SYNC_SEARCH_BYTES) {
      fail();
    }
  }

  private void seekSync(ByteBuf in) {
    int at = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) TsPacket.SYNC_BYTE);
    int skipped = (at < 0 ? in.writerIndex() : at) - in.readerIndex();
    searched += skipped;
    in.skipBytes(skipped);
    if (searched > MAX_SYNC_SEARCH_BYTES) {
      fail();
    } else if (at >= 0) {
      state = State.PACKET;
      packet.clear();
    }
  }

  private void fail() {
    failure = "no TS packet alignment in " + searched + " bytes after " + packets + " packets: not an MPEG transport stream";
    LOG.debug("demuxer failed: {}", failure);
    state = State.FAILED;
    packet.clear();
  }

  /** End of stream: the last packet and the PES packets in progress are complete now (an unbounded video PES ends only here). */
  public void finish(Consumer<MediaUnit> out) {
    if (state == State.PACKET && !packet.isWritable()) {
      onPacket(out);
    }
    if (video != null) {
      video.finish((pts, dts, es) -> emitVideo(pts, dts, es, out));
    }
    if (audio != null) {
      audio.finish((pts, dts, es) -> audioReader.read(clock.unwrap(pts), es, out));
    }
  }

  private void demuxPacket(Consumer<MediaUnit> out) {
    ByteBuf p = packet;
    int b1 = p.getUnsignedByte(1);
    int pid = (b1 & 0x1F) << 8 | p.getUnsignedByte(2);
    int b3 = p.getUnsignedByte(3);
    int control = (b3 >> 4) & 0x03;
    if ((b1 & 0x80) != 0 || (b3 & 0xC0) != 0) {
      return; // transport_error_indicator, or scrambled: its continuity gap makes the PES drop itself
    }
    int payloadStart = TsPacket.HEADER_SIZE;
    boolean discontinuity = false;
    if ((control & HAS_ADAPTATION) != 0) {
      int length = p.getUnsignedByte(TsPacket.HEADER_SIZE);
      if (length > MAX_ADAPTATION_LENGTH) {
        return;
      }
      discontinuity = length > 0 && (p.getUnsignedByte(TsPacket.HEADER_SIZE + 1) & TsPacketizer.DISCONTINUITY) != 0;
      payloadStart += 1 + length;
    }
    if ((control & HAS_PAYLOAD) == 0 || payloadStart >= TsPacket.SIZE) {
      return; // adaptation only: a PCR, which playback from a file does not need
    }
    boolean unitStart = (b1 & 0x40) != 0;
    int continuity = b3 & 0x0F;
    ByteBuf payload = p.slice(payloadStart, TsPacket.SIZE - payloadStart);
    if (pid == TsPacket.PAT_PID) {
      patSection.packet(unitStart, payload, this::onPat);
    } else if (pid == pmtPid) {
      pmtSection.packet(unitStart, payload, this::onPmt);
    } else if (video != null && pid == video.pid()) {
      video.packet(unitStart, continuity, discontinuity, payload, (pts, dts, es) -> emitVideo(pts, dts, es, out));
    } else if (audio != null && pid == audio.pid()) {
      audio.packet(unitStart, continuity, discontinuity, payload,
          (pts, dts, es) -> audioReader.read(clock.unwrap(pts), es, out));
    }
  }

  private void emitVideo(long pts, long dts, ByteBuf es, Consumer<MediaUnit> out) {
    long unwrapped = clock.unwrap(dts);
    MediaUnit unit = videoReader.read(unwrapped, unwrapped + TimestampUnwrapper33.difference(pts, dts), es);
    if (unit != null) {
      out.accept(unit);
    }
  }

  private void onPat(ByteBuf section) {
    int pid = ProgramMap.pmtPid(section);
    if (pid != ProgramMap.NONE && pid != TsPacket.PAT_PID) {
      pmtPid = pid;
    }
  }

  private void onPmt(ByteBuf section) {
    ProgramMap map = ProgramMap.of(section);
    if (map == null || map.equals(program)) {
      return; // the PMT repeats every half second: only a change of streams matters
    }
    program = map;
    closeStreams();
    if (map.videoPid() != ProgramMap.NONE && map.videoPid() != pmtPid) {
      video = new PesAssembler(map.videoPid(), MAX_PES_BYTES, alloc);
      videoReader = new AnnexBUnitReader(map.video(), alloc);
    }
    if (map.audioPid() != ProgramMap.NONE && map.audioPid() != pmtPid && map.audioPid() != map.videoPid()) {
      audio = new PesAssembler(map.audioPid(), MAX_PES_BYTES, alloc);
    }
  }

  /** True once the input was found not to be a transport stream; see {@link #failure()}. */
  public boolean failed() {
    return state == State.FAILED;
  }

  /** Why the demuxer failed, or null. */
  public String failure() {
    return failure;
  }

  /** Damage survived: sync losses, dropped PES packets and sections, broken ADTS framing. */
  public long errors() {
    return syncLosses + patSection.errors() + pmtSection.errors() + audioReader.errors()
        + (video == null ? 0 : video.errors()) + (audio == null ? 0 : audio.errors());
  }

  private void closeStreams() {
    if (video != null) {
      video.close();
      video = null;
    }
    if (audio != null) {
      audio.close();
      audio = null;
    }
  }

  /** Releases the reassembly buffers; a PES still in progress is discarded (call {@link #finish} first to keep it). */
  @Override
  public void close() {
    closeStreams();
    state = State.FAILED;
  }
}
