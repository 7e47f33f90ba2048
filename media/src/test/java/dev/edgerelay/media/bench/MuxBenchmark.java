package dev.edgerelay.media.bench;

import dev.edgerelay.media.Codec;
import dev.edgerelay.media.CodecConfig;
import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.media.Timebase;
import dev.edgerelay.media.codec.ParameterSets;
import dev.edgerelay.media.ts.MemorySegmentSink;
import dev.edgerelay.media.ts.SegmenterOptions;
import dev.edgerelay.media.ts.TsProgram;
import dev.edgerelay.media.ts.TsSegmenter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.lang.management.ManagementFactory;
import java.util.HexFormat;
import java.util.Random;

/**
 * Single-thread mux throughput of a 2 Mbps 720p25 H.264 + 128 kbps AAC stream through the segmenter
 * (TS muxing, 2 s segments into memory), and heap bytes allocated per unit. Payloads are prepared once
 * and shared, as the relay's fan-out shares them.
 */
public final class MuxBenchmark {
  private static final int FPS = 25;
  private static final int GOP = 50;
  private static final int VIDEO_BITS_PER_SECOND = 2_000_000;
  private static final int AUDIO_FRAME_BYTES = 371; // 128 kbps at 44.1 kHz, 1024 samples per frame
  private static final double AUDIO_FRAME_MILLIS = 1024 * 1000.0 / 44_100;

  private MuxBenchmark() {
  }

  public static void main(String[] args) {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    byte[] sps = HexFormat.of().parseHex("6742c01fd9005005bb011000000300100000030320f1832480");
    byte[] pps = HexFormat.of().parseHex("68cb83cb20");
    CodecConfig avc = new CodecConfig(Codec.H264, ParameterSets.avcRecord(sps, pps));
    CodecConfig aac = new CodecConfig(Codec.AAC, HexFormat.of().parseHex("1210"));
    int bytesPerGop = VIDEO_BITS_PER_SECOND / 8 * GOP / FPS;
    int keyBytes = bytesPerGop / 5; // an IDR is ~20% of a GOP at this rate
    int interBytes = (bytesPerGop - keyBytes) / (GOP - 1);
    ByteBuf key = nal(0x65, keyBytes);
    ByteBuf inter = nal(0x41, interBytes);
    ByteBuf audio = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(new byte[AUDIO_FRAME_BYTES]));
    System.out.printf("stream: 720p25 H.264 IDR %d B, P %d B (%.2f Mbps), AAC %d B frames%n", keyBytes, interBytes,
        (keyBytes + interBytes * (GOP - 1.0)) * 8 * FPS / GOP / 1e6, AUDIO_FRAME_BYTES);
    run("warm-up", 3, alloc, avc, aac, key, inter, audio, false);
    run("measured", seconds, alloc, avc, aac, key, inter, audio, true);
    harnessBaseline(avc, key, false); // warm-up, so both figures come from compiled code
    harnessBaseline(avc, key, true);
  }

  /** Heap bytes the benchmark itself spends per unit (a MediaUnit and a duplicate), to subtract from the figure above. */
  private static void harnessBaseline(CodecConfig avc, ByteBuf payload, boolean report) {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long tid = Thread.currentThread().getId();
    int n = 1_000_000;
    long before = threads.getThreadAllocatedBytes(tid);
    long sink = 0;
    for (int i = 0; i < n; i++) {
      MediaUnit u = new MediaUnit(Codec.H264, Timebase.MILLIS, i, i, false, avc, payload.duplicate(), i);
      sink += u.payload().readableBytes();
      u.release();
    }
    if (report) {
      System.out.printf("harness alone: %.0f heap bytes per unit (checksum %d)%n",
          (double) (threads.getThreadAllocatedBytes(tid) - before) / n, sink % 7);
    }
  }

  private static void run(String label, int seconds, ByteBufAllocator alloc, CodecConfig avc, CodecConfig aac,
      ByteBuf key, ByteBuf inter, ByteBuf audio, boolean report) {
    long[] tsBytes = {0};
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long tid = Thread.currentThread().getId();
    TsSegmenter segmenter = new TsSegmenter(new TsProgram(Codec.H264, true), new SegmenterOptions(), alloc,
        new MemorySegmentSink(alloc, s -> {
          tsBytes[0] += s.content().readableBytes();
          s.release();
        }));
    long units = 0;
    long payloadBytes = 0;
    long frame = 0;
    double audioClock = 0;
    long allocBefore = threads.getThreadAllocatedBytes(tid);
    long cpuBefore = threads.getCurrentThreadCpuTime();
    long wallStart = System.nanoTime();
    long deadline = wallStart + seconds * 1_000_000_000L;
    while (System.nanoTime() < deadline) {
      for (int batch = 0; batch < 250; batch++, frame++) {
        long t = frame * 1000 / FPS;
        while (audioClock <= t) {
          segmenter.accept(new MediaUnit(Codec.AAC, Timebase.MILLIS, (long) audioClock, (long) audioClock, true, aac,
              audio.duplicate(), t));
          payloadBytes += AUDIO_FRAME_BYTES;
          units++;
          audioClock += AUDIO_FRAME_MILLIS;
        }
        boolean isKey = frame % GOP == 0;
        ByteBuf payload = isKey ? key : inter;
        segmenter.accept(new MediaUnit(Codec.H264, Timebase.MILLIS, t, t, isKey, avc, payload.duplicate(), t));
        payloadBytes += payload.readableBytes();
        units++;
      }
    }
    segmenter.finish();
    segmenter.close();
    long cpuNanos = threads.getCurrentThreadCpuTime() - cpuBefore;
    double wallSeconds = (System.nanoTime() - wallStart) / 1e9;
    long allocated = threads.getThreadAllocatedBytes(tid) - allocBefore;
    if (report) {
      double cpuSeconds = cpuNanos / 1e9;
      System.out.printf("%s: %d units in %.2f s CPU (%.2f s wall); payload in %.0f MB/s, TS out %.0f MB/s per core"
              + " (by CPU time); %.0f heap bytes allocated per unit (including the benchmark's MediaUnit and duplicate)%n",
          label, units, cpuSeconds, wallSeconds, payloadBytes / cpuSeconds / 1e6, tsBytes[0] / cpuSeconds / 1e6,
          (double) allocated / units);
    }
  }

  private static ByteBuf nal(int header, int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    ByteBuf b = Unpooled.buffer(size + 4);
    b.writeInt(size).writeByte(header).writeBytes(bytes, 1, size - 1);
    return Unpooled.unreleasableBuffer(b);
  }
}
