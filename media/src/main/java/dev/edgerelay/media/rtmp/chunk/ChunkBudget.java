package dev.edgerelay.media.rtmp.chunk;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes that unfinished messages hold across every connection of one endpoint, against one limit. Each
 * {@link ChunkDecoder} charges what its chunk streams hold as payload arrives and gives it back when a
 * message is handed on or the connection ends; a charge past the limit closes the connection that made it.
 * Thread-safe: connections on different event loops share one budget.
 */
public final class ChunkBudget {
  private final long limit;
  private final AtomicLong held = new AtomicLong();

  public ChunkBudget(long limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be 1 or more, was " + limit);
    }
    this.limit = limit;
  }

  /** Adds {@code bytes} unless that would pass the limit; false leaves the budget unchanged. */
  boolean tryCharge(long bytes) {
    long now;
    do {
      now = held.get();
      if (now + bytes > limit) {
        return false;
      }
    } while (!held.compareAndSet(now, now + bytes));
    return true;
  }

  void release(long bytes) {
    held.addAndGet(-bytes);
  }

  /** Bytes held now by unfinished messages of every connection. */
  public long held() {
    return held.get();
  }

  public long limit() {
    return limit;
  }
}
