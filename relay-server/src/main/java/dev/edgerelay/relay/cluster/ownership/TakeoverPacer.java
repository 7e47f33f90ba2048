package dev.edgerelay.relay.cluster.ownership;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.Comparator;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * Paces takeovers (docs/architecture.md, "Ownership"): when a node dies, its survivors must not send hundreds of
 * {@code play_address} calls to the platform at once. At most {@code concurrency} tasks run; the rest wait in a
 * queue bounded by {@code maxQueued}, higher priority first (recorded channels with viewers first), in submission
 * order within a priority. A task holds its permit until its future completes.
 *
 * <p>Thread-safe. A task starts on the thread that submits it or on the one that completes the task before it
 * (usually an event loop), so a task must return its future at once and do its work asynchronously.
 */
public final class TakeoverPacer {
  /** Sixteen at once per node: a site's dead node's channels resume in seconds without a burst at the platform. */
  public static final int DEFAULT_CONCURRENCY = 16;
  /** Room for every channel of a large site (500 cameras, a few channels each) to wait its turn. */
  public static final int DEFAULT_MAX_QUEUED = 4096;

  private final int concurrency;
  private final int maxQueued;
  private final PriorityQueue<Task<?>> queue = new PriorityQueue<>(
      Comparator.<Task<?>>comparingInt(t -> t.priority).reversed().thenComparingLong(t -> t.sequence));
  private long submitted;
  private int running;

  public TakeoverPacer(int concurrency, int maxQueued) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("the takeover concurrency must be 1 or more, got " + concurrency);
    }
    if (maxQueued < 0) {
      throw new IllegalArgumentException("the takeover queue bound must be 0 or more, got " + maxQueued);
    }
    this.concurrency = concurrency;
    this.maxQueued = maxQueued;
  }

  /**
   * Runs {@code task} now when a permit is free, else queues it; the result completes as the task's future does.
   * Fails with a {@link RejectedExecutionException} when the queue is full; a task that throws fails its result.
   */
  public <T> Future<T> submit(int priority, Supplier<Future<T>> task) {
    Task<T> t = new Task<>(priority, task);
    synchronized (this) {
      if (running >= concurrency) {
        if (queue.size() >= maxQueued) {
          return Future.failedFuture(new RejectedExecutionException("takeover refused: " + queue.size()
              + " takeovers already wait behind " + running + " running, the queue's bound"));
        }
        t.sequence = submitted++;
        queue.add(t);
        return t.result.future();
      }
      running++;
    }
    launch(t);
    return t.result.future();
  }

  public synchronized int running() {
    return running;
  }

  public synchronized int queued() {
    return queue.size();
  }

  /**
   * Starts {@code first} with the permit its caller holds, and hands the permit on as tasks complete. Tasks that
   * complete at once are handled in this loop, not by recursion, so a long queue of them cannot overflow the stack.
   * A task's permit is passed on (or released) before its result completes, so whoever sees the result sees the
   * pacer without it.
   */
  private void launch(Task<?> first) {
    Task<?> task = first;
    while (task != null) {
      Task<?> current = task;
      Future<?> done = current.start();
      if (!done.isComplete()) {
        done.onComplete(ar -> {
          Task<?> next = nextOrRelease();
          current.finish();
          launch(next);
        });
        return;
      }
      task = nextOrRelease();
      current.finish();
    }
  }

  /** The next queued task, which inherits the permit; null when none waits (the permit is released). */
  private synchronized Task<?> nextOrRelease() {
    Task<?> next = queue.poll();
    if (next == null) {
      running--;
    }
    return next;
  }

  private static final class Task<T> {
    final int priority;
    final Supplier<Future<T>> work;
    final Promise<T> result = Promise.promise();
    long sequence;

    Task(int priority, Supplier<Future<T>> work) {
      this.priority = priority;
      this.work = Objects.requireNonNull(work, "task");
    }

    private Future<T> done;

    Future<T> start() {
      try {
        done = Objects.requireNonNull(work.get(), "the takeover task returned no future");
      } catch (RuntimeException e) {
        done = Future.failedFuture(e);
      }
      return done;
    }

    /** Completes the result as the task's future completed. */
    void finish() {
      result.handle(done);
    }
  }
}
