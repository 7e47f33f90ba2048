package dev.edgerelay.recorder.bench;

import dev.edgerelay.media.hls.PlaylistWriter;
import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.index.RecordingIndex;
import dev.edgerelay.recorder.index.SegmentRecord;
import dev.edgerelay.recorder.index.VideoRecord;
import dev.edgerelay.recorder.vod.VodPlaylists;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Benchmark: an index of 1,000,000 segments (100 channels x 10,000 segments of 10 s, a new
 * video every hour after a 1 min gap); p50/p99 of get_video_list for one day and of an rvod playlist
 * build for one hour, in wall-clock and in thread CPU time. Run (media is built in the reactor, never
 * installed, so the class path comes from the reactor and the bench runs in its own JVM):
 * {@code java -cp "$(mvn -B -o -q -pl recorder -am test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:exec
 * -Dexec.executable=echo -Dexec.classpathScope=test -Dexec.args=%classpath | grep recorder/target/test-classes)"
 * dev.edgerelay.recorder.bench.IndexBench}
 */
public final class IndexBench {
  static final int CHANNELS = 100;
  static final int SEGMENTS_PER_CHANNEL = 10_000;
  static final long SEGMENT_MILLIS = 10_000;
  static final int SEGMENTS_PER_VIDEO = 360;
  static final long T0 = 1_795_000_000_000L;
  static final int QUERIES = 5_000;

  private IndexBench() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("index-bench");
    try (RecordingIndex index = RecordingIndex.open(dir)) {
      long t = System.nanoTime();
      for (int c = 0; c < CHANNELS; c++) {
        ChannelRef channel = new ChannelRef(Long.toString(10_000_000L + c), 0);
        long start = T0;
        long video = start;
        for (int i = 0; i < SEGMENTS_PER_CHANNEL; i++) {
          if (i % SEGMENTS_PER_VIDEO == 0) {
            start += 60_000; // a gap: a new video
            video = start;
          }
          index.addSegment(new SegmentRecord(channel, start, SEGMENT_MILLIS, 1_250_000, video, start == video), "v");
          start += SEGMENT_MILLIS;
        }
      }
      System.out.printf("wrote %,d segments in %.1f s%n", CHANNELS * SEGMENTS_PER_CHANNEL,
          (System.nanoTime() - t) / 1e9);
      Random rnd = new Random(1);
      long span = SEGMENTS_PER_CHANNEL * SEGMENT_MILLIS;
      long[] list = new long[QUERIES];
      long[] rvod = new long[QUERIES];
      long[] range = new long[QUERIES];
      long[] rvodCpu = new long[QUERIES];
      java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
      int found = 0;
      for (int warm = 0; warm < 2; warm++) {
        for (int q = 0; q < QUERIES; q++) {
          ChannelRef channel = new ChannelRef(Long.toString(10_000_000L + rnd.nextInt(CHANNELS)), 0);
          long from = T0 + (long) (rnd.nextDouble() * (span - 86_400_000L));
          long s = System.nanoTime();
          List<VideoRecord> videos = index.videos().overlapping(channel, from, from + 86_400_000L);
          list[q] = System.nanoTime() - s;
          s = System.nanoTime();
          long cpu = threads.getCurrentThreadCpuTime();
          List<SegmentRecord> segments = index.segments().overlapping(channel, from, from + 3_600_000L);
          range[q] = System.nanoTime() - s;
          String m3u8 = PlaylistWriter.write(VodPlaylists.build(segments, r -> r.startMillis() + ".ts"));
          rvod[q] = System.nanoTime() - s;
          rvodCpu[q] = threads.getCurrentThreadCpuTime() - cpu;
          found += videos.size() + m3u8.length() % 2;
        }
      }
      report("get_video_list, one day", list);
      report("rvod index range, one hour", range);
      report("rvod playlist, one hour (index range + playlist text)", rvod);
      // on a shared machine the wall-clock tail is mostly waiting for a core; this is the work itself
      report("rvod playlist, one hour, thread CPU time", rvodCpu);
      System.out.println("(checksum " + found + ")");
    } finally {
      try (var w = Files.walk(dir)) {
        w.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  static void report(String what, long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    System.out.printf("%s: p50 %.3f ms, p99 %.3f ms, max %.3f ms over %d queries%n", what,
        sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6, sorted[sorted.length - 1] / 1e6,
        sorted.length);
  }
}
