package dev.edgerelay.media.rtmp.server;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.util.internal.PlatformDependent;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples, every few milliseconds on its own thread, Netty's direct memory and what a server's unfinished
 * messages hold, keeping the peaks: the figures a memory bound is checked against.
 */
final class PeakSampler implements AutoCloseable {
  private final RtmpServer server;
  private final long directBefore = directMemory();
  private final AtomicLong peakDirect = new AtomicLong(directBefore);
  private final AtomicLong peakBuffered = new AtomicLong();
  private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "peak-sampler");
    thread.setDaemon(true);
    return thread;
  });

  PeakSampler(RtmpServer server) {
    this.server = server;
    sampler.scheduleAtFixedRate(this::sample, 0, 5, TimeUnit.MILLISECONDS);
  }

  private void sample() {
    peakDirect.accumulateAndGet(directMemory(), Math::max);
    peakBuffered.accumulateAndGet(server.bufferedBytes(), Math::max);
  }

  /** Peak direct memory minus what was in use when sampling began. */
  long directGrowth() {
    return peakDirect.get() - directBefore;
  }

  long peakBuffered() {
    return peakBuffered.get();
  }

  /** Direct memory of Netty's default allocator, or Netty's own count when larger. */
  static long directMemory() {
    long allocator = ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).metric().usedDirectMemory();
    return Math.max(allocator, PlatformDependent.usedDirectMemory());
  }

  @Override
  public void close() throws InterruptedException {
    sampler.shutdown();
    sampler.awaitTermination(5, TimeUnit.SECONDS);
  }
}
