package dev.edgerelay.media.bench;

import dev.edgerelay.media.Codec;
import dev.edgerelay.media.CodecConfig;
import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.media.Timebase;
import dev.edgerelay.media.codec.ParameterSets;
import dev.edgerelay.media.ts.TsDemuxer;
import dev.edgerelay.media.ts.TsMuxer;
import dev.edgerelay.media.ts.TsProgram;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.lang.management.ManagementFactory;
import java.util.HexFormat;

/**
 * Single-thread demux throughput of what the recorder writes (recorded RTMP reads it back): a 2 Mbps
 * 720p25 H.264 + 128 kbps AAC stream muxed once by {@link TsMuxer} into memory, then demuxed again and
 * again in 256 KiB reads (the rvod read size), units released at once. Reports MB/s of TS, media
 * seconds per CPU second, and heap bytes allocated per unit.
 */
public final class DemuxBenchmark {
  private static final int FPS = 25;
  private static final int GOP = 50;
  private static final int KEY_BYTES = 40_000;
  private static final int INTER_BYTES = 9_400;
  private static final int AUDIO_FRAME_BYTES = 371;
  private static final int READ_BYTES = 256 * 1024;

  private DemuxBenchmark() {}

  public static void main(String[] args) {
    int mediaSeconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    byte[] ts = mux(mediaSeconds);
    System.out.printf("stream: %d s of 720p25 H.264 (IDR %d B, P %d B) + AAC, %.1f MB of TS%n", mediaSeconds, KEY_BYTES,
        INTER_BYTES, ts.length / 1e6);
    run("warm-up", ts, mediaSeconds, Math.max(3, rounds / 4));
    run("measured", ts, mediaSeconds, rounds);
  }

  private static void run(String label, byte[] ts, int mediaSeconds, int rounds) {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long tid = Thread.currentThread().getId();
    long[] units = new long[1];
    long allocBefore = threads.getThreadAllocatedBytes(tid);
    long cpuBefore = threads.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    for (int r = 0; r < rounds; r++) {
      try (TsDemuxer demuxer = new TsDemuxer(PooledByteBufAllocator.DEFAULT)) {
        for (int at = 0; at < ts.length; at += READ_BYTES) {
          ByteBuf chunk = Unpooled.wrappedBuffer(ts, at, Math.min(READ_BYTES, ts.length - at));
          demuxer.feed(chunk, u -> {
            units[0]++;
            u.release();
          });
          chunk.release();
        }
        demuxer.finish(u -> {
          units[0]++;
          u.release();
        });
      }
    }
    double wall = (System.nanoTime() - start) / 1e9;
    double cpu = (threads.getCurrentThreadCpuTime() - cpuBefore) / 1e9;
    long alloc = threads.getThreadAllocatedBytes(tid) - allocBefore;
    System.out.printf("%s: %d rounds, %.0f MB/s of TS, %.0f media seconds per CPU second, %.0f units/s,"
        + " %.0f heap bytes allocated per unit (wall %.2f s, cpu %.2f s)%n", label, rounds,
        (double) ts.length * rounds / 1e6 / wall, (double) mediaSeconds * rounds / cpu, units[0] / wall,
        (double) alloc / units[0], wall, cpu);
  }

  private static byte[] mux(int seconds) {
    byte[] sps = HexFormat.of().parseHex("6742c01fd9005005bb011000000300100000030320f1832480");
    byte[] pps = HexFormat.of().parseHex("68cb83cb20");
    CodecConfig avc = new CodecConfig(Codec.H264, ParameterSets.avcRecord(sps, pps));
    CodecConfig aac = new CodecConfig(Codec.AAC, HexFormat.of().parseHex("1210"));
    ByteBuf out = Unpooled.buffer();
    try (TsMuxer muxer = new TsMuxer(new TsProgram(Codec.H264, true), ByteBufAllocator.DEFAULT)) {
      muxer.writeTables(out);
      long audioMillis = 0;
      for (int i = 0; i < seconds * FPS; i++) {
        long ms = i * 1000L / FPS;
        for (; audioMillis <= ms; audioMillis += 23) {
          muxer.write(new MediaUnit(Codec.AAC, Timebase.MILLIS, audioMillis, audioMillis, true, aac,
              filled(AUDIO_FRAME_BYTES, 0x21, 0), 0), out);
        }
        boolean key = i % GOP == 0;
        muxer.write(new MediaUnit(Codec.H264, Timebase.MILLIS, ms, ms, key, avc,
            filled(key ? KEY_BYTES : INTER_BYTES, key ? 0x65 : 0x41, 4), 0), out);
      }
      muxer.flush(out);
    }
    byte[] bytes = ByteBufUtil.getBytes(out);
    out.release();
    return bytes;
  }

  /** A payload without zero bytes (so no start code appears inside), 4-byte length first for video. */
  private static ByteBuf filled(int size, int header, int lengthPrefix) {
    ByteBuf b = Unpooled.buffer(size + lengthPrefix);
    if (lengthPrefix == 4) {
      b.writeInt(size);
    }
    b.writeByte(header);
    for (int k = 1; k < size; k++) {
      b.writeByte(k % 251 + 1);
    }
    return b;
  }
}
