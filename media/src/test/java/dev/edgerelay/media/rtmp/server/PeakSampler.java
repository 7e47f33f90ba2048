package dev.edgerelay.media.rtmp.server;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.util.internal.PlatformDependent;
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
  private final Thread thread;

  PeakSampler(RtmpServer server) {
    this.server = server;
    thread = new Thread(this::sample, "peak-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  private void sample() {
    while (!Thread.currentThread().isInterrupted()) {
      peakDirect.accumulateAndGet(directMemory(), Math::max);
      peakBuffered.accumulateAndGet(server.bufferedBytes(), Math::max);
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        return;
      }
    }
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
    thread.interrupt();
    thread.join();
  }
}
