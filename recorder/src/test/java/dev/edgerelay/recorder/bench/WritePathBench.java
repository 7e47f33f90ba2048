package dev.edgerelay.recorder.bench;

import dev.edgerelay.media.ts.TsSegmenter;
import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.index.SegmentRecord;
import dev.edgerelay.recorder.store.DiskBacklog;
import dev.edgerelay.recorder.store.SegmentFileSink;
import dev.edgerelay.recorder.store.SegmentStore;
import dev.edgerelay.recorder.store.SerialExecutor;
import dev.edgerelay.media.testing.SettableClock;
import dev.edgerelay.recorder.testing.SyntheticRecording;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark: CPU of the recording write path (TS segmenting, ordered file writes, fsync per
 * segment, index commit) at 50 channels of 25 fps / ~1 Mbit/s video plus audio, fed as fast as it goes;
 * CPU time per channel per second of media = process CPU / (channels x media seconds). Run with
 * {@code -Dexec.mainClass=dev.edgerelay.recorder.bench.WritePathBench} (see {@link IndexBench}).
 */
public final class WritePathBench {
  static final int CHANNELS = 50;
  static final int MEDIA_SECONDS = 60;
  static final int FRAME_BYTES = 5_000;

  private WritePathBench() {}

  public static void main(String[] args) throws Exception {
    Path data = Files.createTempDirectory("write-bench");
    ExecutorService io = Executors.newFixedThreadPool(2);
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    try (SegmentStore store = SegmentStore.open(data, 30_000)) {
      CountDownLatch done = new CountDownLatch(CHANNELS);
      long cpu0 = os.getProcessCpuTime();
      long wall0 = System.nanoTime();
      for (int c = 0; c < CHANNELS; c++) {
        SerialExecutor writer = new SerialExecutor(io);
        ChannelRef channel = new ChannelRef("2000" + c, 0);
        SegmentFileSink sink = new SegmentFileSink(channel, store, writer, 64L << 20,
            SettableClock.stepping(1_795_000_000_000L, 10_000), new DiskBacklog(channel), new SegmentFileSink.Listener() {
              @Override
              public void committed(SegmentRecord segment) {}

              @Override
              public void failed(String reason) {
                System.out.println("failed: " + reason);
              }
            });
        try (TsSegmenter s = SyntheticRecording.segmenter(sink, 10_000)) {
          SyntheticRecording.feed(s, 0, MEDIA_SECONDS * 25, FRAME_BYTES);
          s.finish();
        }
        writer.execute(done::countDown);
      }
      done.await(10, TimeUnit.MINUTES);
      double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
      double wall = (System.nanoTime() - wall0) / 1e9;
      System.out.printf("%d channels x %d s of media: %.2f s CPU, %.2f s wall, %,d bytes indexed%n",
          CHANNELS, MEDIA_SECONDS, cpu, wall, store.index().videos().usedBytes());
      System.out.printf("write path: %.2f ms CPU per channel per second of media = %.2f%% of one core per channel%n",
          cpu * 1000 / CHANNELS / MEDIA_SECONDS, cpu * 100 / CHANNELS / MEDIA_SECONDS);
    } finally {
      io.shutdown();
      try (var w = Files.walk(data)) {
        w.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
