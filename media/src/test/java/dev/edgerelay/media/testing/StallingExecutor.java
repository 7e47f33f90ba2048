package dev.edgerelay.media.testing;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * A disk (or any worker) that can be made to stall: each task handed to it waits at a gate before it runs on
 * {@code delegate}, as work behind a blocked {@code write(2)} waits. Open until {@link #stall()}; a stall lasts
 * until {@link #resume()}, or at most {@link #MAX_STALL_SECONDS} so a failed test cannot hang its worker.
 */
public final class StallingExecutor implements Executor {
  public static final long MAX_STALL_SECONDS = 60;

  private final Executor delegate;
  private volatile CountDownLatch gate = new CountDownLatch(0);

  public StallingExecutor(Executor delegate) {
    this.delegate = delegate;
  }

  /** Tasks from now on (and those not yet past the gate) wait. Idempotent while stalled. */
  public synchronized void stall() {
    if (gate.getCount() == 0) {
      gate = new CountDownLatch(1);
    }
  }

  /** Lets every waiting and later task run. */
  public synchronized void resume() {
    gate.countDown();
  }

  @Override
  public void execute(Runnable task) {
    delegate.execute(() -> {
      try {
        gate.await(MAX_STALL_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      task.run();
    });
  }
}
