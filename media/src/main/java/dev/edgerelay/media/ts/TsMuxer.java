package dev.edgerelay.media.ts;

import dev.edgerelay.media.Codec;
import dev.edgerelay.media.CodecConfig;
import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.media.Timebase;
import dev.edgerelay.media.Track;
import dev.edgerelay.media.codec.AdtsHeader;
import dev.edgerelay.media.codec.AudioSpecificConfig;
import dev.edgerelay.media.codec.NalUnits;
import dev.edgerelay.media.codec.ParameterSets;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Muxes {@link MediaUnit}s of one program into MPEG-TS (ISO/IEC 13818-1) written to caller-supplied
 * buffers, so the same muxer serves in-memory live segments and recorder files. Takes ownership of
 * each unit and releases it once its bytes are in the output. Not thread-safe: one stream, one thread.
 */
public final class TsMuxer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TsMuxer.class);

  /** Added to every timestamp, as FFmpeg does (1.4 s), so PCR (which leads DTS) never goes below zero. */
  public static final long TIMESTAMP_OFFSET_90K = 126_000;
  /** PCR runs this far behind DTS: the decoder's buffering time (0.7 s, FFmpeg's default mux delay). */
  public static final long PCR_LEAD_90K = 63_000;
  /**
   * 2.7.2 wants PCRs at most 100 ms apart: when video is sparse, an audio unit arriving 60 ms or more
   * after the last PCR triggers a PCR-only packet, so the next AAC frame (23 ms apart at 44.1 kHz, 64 ms at
   * 16 kHz) still lands inside the bound.
   */
  public static final long PCR_REFRESH_90K = 5_400;
  /** PAT and PMT are repeated at least this often inside a segment (0.5 s), so a player that joins mid-segment syncs fast. */
  public static final long TABLE_INTERVAL_90K = 45_000;
  /** Default bound on AAC frames sharing one PES. */
  public static final int DEFAULT_MAX_AUDIO_FRAMES = 8;
  /**
   * Default bound on how long an AAC frame may wait for companions (70 ms, well inside the PCR lead). In an
   * audio-only program each PES carries the PCR, so 70 ms plus one 23 ms frame keeps PCRs under 100 ms apart.
   */
  public static final long DEFAULT_MAX_AUDIO_DELAY_90K = 6_300;
  /** Audio PES payloads stay under the 16-bit PES_packet_length with room for the header. */
  static final int MAX_AUDIO_PES_PAYLOAD = PesHeader.MAX_PES_PACKET_LENGTH - 16;
  /** Longest AUD plus parameter sets we prepend; a record beyond this is not a real camera's. */
  static final int MAX_PREFIX_BYTES = 4096;
  private static final byte[] H264_AUD = {0, 0, 0, 1, 0x09, (byte) 0xF0}; // primary_pic_type 7 (any slice), stop bit
  private static final byte[] HEVC_AUD = {0, 0, 0, 1, 0x46, 0x01, 0x50}; // type 35, pic_type 2 (any slice), stop bit

  private final TsProgram program;
  private final long maxAudioDelay;
  private final TsPacketizer pat = new TsPacketizer(TsPacket.PAT_PID);
  private final TsPacketizer pmt = new TsPacketizer(TsPacket.PMT_PID);
  private final TsPacketizer video = new TsPacketizer(TsPacket.VIDEO_PID);
  private final TsPacketizer audio = new TsPacketizer(TsPacket.AUDIO_PID);
  private final AnnexBAccessUnit accessUnit = new AnnexBAccessUnit();
  private final AdtsFrames audioFrames;
  private final ByteBuf prefix;
  private CodecConfig videoConfig;
  private byte[] parameterSets = new byte[0];
  private CodecConfig audioConfig;
  private AudioSpecificConfig audioSpecificConfig;
  private boolean videoDiscontinuity;
  private boolean audioDiscontinuity;
  private long lastPcr90k = Long.MIN_VALUE;
  private long lastTables90k = Long.MIN_VALUE;
  private boolean tablesJustWritten;
  private long droppedUnits;

  public TsMuxer(TsProgram program, ByteBufAllocator alloc) {
    this(program, alloc, DEFAULT_MAX_AUDIO_FRAMES, DEFAULT_MAX_AUDIO_DELAY_90K);
  }

  public TsMuxer(TsProgram program, ByteBufAllocator alloc, int maxAudioFrames, long maxAudioDelay90k) {
    this.program = program;
    this.maxAudioDelay = maxAudioDelay90k;
    this.audioFrames = new AdtsFrames(maxAudioFrames);
    this.prefix = alloc.buffer(MAX_PREFIX_BYTES, MAX_PREFIX_BYTES);
  }

  public TsProgram program() {
    return program;
  }

  /** Units dropped because they were malformed, of a codec the program lacks, or AAC without a usable config. */
  public long droppedUnits() {
    return droppedUnits;
  }

  /** PAT and PMT, two packets: at the start of every segment and whenever the caller's interval passes. */
  public void writeTables(ByteBuf out) {
    ProgramTables.writePat(pat.continuityCounter(), out);
    pat.advance();
    ProgramTables.writePmt(program.video(), program.audio(), pmt.continuityCounter(), out);
    pmt.advance();
    tablesJustWritten = true;
  }

  /** Sets discontinuity_indicator on the next packet of every PID with a PCR or payload (2.4.3.5): after a source restart. */
  public void markDiscontinuity() {
    videoDiscontinuity = true;
    audioDiscontinuity = true;
  }

  /** Presentation time a unit will carry in the TS, before 33-bit wrapping. */
  public static long pts90k(MediaUnit unit) {
    return unit.timebase().convert(unit.pts(), Timebase.MPEG_90K) + TIMESTAMP_OFFSET_90K;
  }

  static long dts90k(MediaUnit unit) {
    return unit.timebase().convert(unit.dts(), Timebase.MPEG_90K) + TIMESTAMP_OFFSET_90K;
  }

  /** Muxes one unit (taking ownership); audio may wait in a batch until {@link #flush} or a bound is reached. */
  public void write(MediaUnit unit, ByteBuf out) {
    long dts = dts90k(unit);
    // audio and video interleave a little out of DTS order; only a step back of a whole interval (a restart) counts
    if (!tablesJustWritten && (lastTables90k == Long.MIN_VALUE || Math.abs(dts - lastTables90k) >= TABLE_INTERVAL_90K)) {
      writeTables(out);
    }
    if (tablesJustWritten) {
      lastTables90k = dts;
      tablesJustWritten = false;
    }
    if (unit.track() == Track.VIDEO) {
      if (unit.codec() != program.video()) {
        drop(unit, "video codec " + unit.codec() + " not in program " + program);
        return;
      }
      if (audioFrames.count() > 0 && dts90k(audioFrames.first()) + maxAudioDelay <= dts90k(unit)) {
        flush(out);
      }
      writeVideo(unit, out);
    } else if (!program.audio()) {
      drop(unit, "audio not in program " + program);
    } else {
      addAudio(unit, out);
    }
  }

  /** Writes any batched audio now: before a segment is cut, and at end of stream. */
  public void flush(ByteBuf out) {
    if (audioFrames.count() == 0) {
      return;
    }
    MediaUnit first = audioFrames.first();
    long pts = pts90k(first);
    long pcr = program.hasVideo() ? -1 : pcr27mhz(dts90k(first));
    int flags = (program.hasVideo() ? 0 : TsPacketizer.RANDOM_ACCESS) | (audioDiscontinuity ? TsPacketizer.DISCONTINUITY : 0);
    audioDiscontinuity = false;
    audio.writePes(PesHeader.STREAM_ID_AUDIO, pts, pts, false, audioFrames, pcr, flags, out);
    audioFrames.clear();
  }

  private void writeVideo(MediaUnit unit, ByteBuf out) {
    ByteBuf payload = unit.payload();
    if (!wellFormed(payload)) {
      drop(unit, "NAL lengths do not add up to the payload");
      return;
    }
    if (unit.config() != null && unit.config() != videoConfig) {
      updateVideoConfig(unit.config());
    }
    Codec codec = unit.codec();
    boolean sourceAud = NalUnits.isAccessUnitDelimiter(codec, NalUnits.type(codec, payload.getUnsignedByte(payload.readerIndex() + 4)));
    prefix.clear();
    if (!sourceAud) { // an AUD before each access unit: some players (and HLS validators) need it
      prefix.writeBytes(codec == Codec.HEVC ? HEVC_AUD : H264_AUD);
    }
    if (unit.keyframe() && !NalUnits.containsSps(codec, payload)) { // a segment must decode on its own
      prefix.writeBytes(parameterSets);
    }
    long dts = dts90k(unit);
    long pts = pts90k(unit);
    lastPcr90k = dts - PCR_LEAD_90K;
    int flags = (unit.keyframe() ? TsPacketizer.RANDOM_ACCESS : 0) | (videoDiscontinuity ? TsPacketizer.DISCONTINUITY : 0);
    videoDiscontinuity = false;
    accessUnit.reset(prefix, payload);
    video.writePes(PesHeader.STREAM_ID_VIDEO, pts, dts, pts != dts, accessUnit, pcr27mhz(dts), flags, out);
    unit.release();
  }

  private void addAudio(MediaUnit unit, ByteBuf out) {
    if (unit.config() != audioConfig) {
      flush(out);
      audioConfig = unit.config();
      audioSpecificConfig = parseAudioConfig(audioConfig);
    }
    int size = unit.payload().readableBytes();
    if (audioSpecificConfig == null || size == 0 || size > AdtsHeader.MAX_PAYLOAD) {
      drop(unit, "AAC frame without a usable AudioSpecificConfig, or of " + size + " bytes");
      return;
    }
    if (audioFrames.isFull() || audioFrames.bytesWith(size) > MAX_AUDIO_PES_PAYLOAD
        || audioFrames.count() > 0 && dts90k(audioFrames.first()) + maxAudioDelay <= dts90k(unit)) {
      flush(out);
    }
    audioFrames.add(unit, audioSpecificConfig);
    if (program.hasVideo() && lastPcr90k != Long.MIN_VALUE && dts90k(unit) - PCR_LEAD_90K - lastPcr90k >= PCR_REFRESH_90K) {
      lastPcr90k = dts90k(unit) - PCR_LEAD_90K; // video is sparse (a slide-show camera): keep the clock ticking
      video.writePcrOnly((lastPcr90k & TsPacket.TIMESTAMP_MASK) * 300, out);
    }
    if (audioFrames.isFull() || !program.hasVideo() && audioFrames.count() > 0
        && dts90k(unit) - dts90k(audioFrames.first()) >= maxAudioDelay) {
      flush(out);
    }
  }

  private void updateVideoConfig(CodecConfig config) {
    videoConfig = config;
    try {
      ByteBuf sets = Unpooled.buffer();
      for (byte[] nal : ParameterSets.of(config).nalUnits()) {
        NalUnits.writeAnnexB(nal, sets);
      }
      if (sets.readableBytes() > MAX_PREFIX_BYTES - HEVC_AUD.length) {
        throw new IllegalArgumentException("parameter sets of " + sets.readableBytes() + " bytes");
      }
      parameterSets = ByteBufUtil.getBytes(sets);
    } catch (IllegalArgumentException e) {
      LOG.warn("unusable {} configuration, keyframes go out without parameter sets: {}", config.codec(), e.getMessage());
      parameterSets = new byte[0];
    }
  }

  private AudioSpecificConfig parseAudioConfig(CodecConfig config) {
    if (config == null) {
      return null;
    }
    try {
      return AudioSpecificConfig.parse(config.record());
    } catch (IllegalArgumentException e) {
      LOG.warn("AAC configuration {} cannot be carried in ADTS: {}", config, e.getMessage());
      return null;
    }
  }

  private static boolean wellFormed(ByteBuf payload) {
    int i = payload.readerIndex();
    while (payload.writerIndex() - i >= 4) {
      long len = payload.getUnsignedInt(i);
      if (len == 0 || len > payload.writerIndex() - i - 4) {
        return false; // a zero length would become a start code with no NAL after it
      }
      i += 4 + (int) len;
    }
    return i == payload.writerIndex() && i > payload.readerIndex();
  }

  private static long pcr27mhz(long dts90k) {
    return ((dts90k - PCR_LEAD_90K) & TsPacket.TIMESTAMP_MASK) * 300;
  }

  private void drop(MediaUnit unit, String why) {
    droppedUnits++;
    LOG.debug("dropped {}: {}", unit, why);
    unit.release();
  }

  /** Releases batched audio and the muxer's scratch buffer. */
  @Override
  public void close() {
    audioFrames.clear();
    if (prefix.refCnt() > 0) {
      prefix.release();
    }
  }
}
