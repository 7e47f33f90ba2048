package dev.edgerelay.recorder.outbox;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The bytes of one upload, handed to the {@link Uploader} in chunks paced to the outbox's bytes-per-second
 * cap (the uplink is shared with live viewing). Pacing chunk by chunk, not object by object, keeps an
 * 8 MB segment (spec 15.1's largest) from leaving in one burst at line speed: over any window the bytes handed
 * out stay within {@code rate * window} plus one chunk. Read by one consumer at a time, one chunk after another.
 */
public final class UploadBody {
  /** Pacing granularity: small next to a second of any sensible cap, large enough to keep writes efficient. */
  public static final int CHUNK_BYTES = 16 * 1024;

  private final byte[] bytes;
  private final UploadPacer pacer;
  private final ScheduledExecutorService timer;
  private final long paceMillis;
  private int offset;

  /** @param sharers uploads that may share the cap at once: the body leaves within their number of its own time */
  UploadBody(byte[] bytes, UploadPacer pacer, ScheduledExecutorService timer, int sharers) {
    this.bytes = bytes;
    this.pacer = pacer;
    this.timer = timer;
    long rate = pacer.bytesPerSecond();
    this.paceMillis = rate == 0 ? 0 : (bytes.length * (long) sharers * 1000 + rate - 1) / rate;
  }

  /**
   * The longest the pacer may take to hand out the whole body (every concurrent upload sharing the cap), 0 without
   * a cap: a port adds it to its request timeout, which would otherwise cut a slow, paced upload short.
   */
  public long paceMillis() {
    return paceMillis;
  }

  /** Bytes in all: what the request's {@code Content-Length} says. */
  public int length() {
    return bytes.length;
  }

  /**
   * The next chunk, completed when its share of the cap begins; {@code null} after the last one. Call again
   * only once the previous chunk has completed (and been written: that is the consumer's back-pressure).
   */
  public synchronized CompletionStage<byte[]> next() {
    if (offset >= bytes.length) {
      return CompletableFuture.completedFuture(null);
    }
    int end = Math.min(bytes.length, offset + CHUNK_BYTES);
    byte[] chunk = Arrays.copyOfRange(bytes, offset, end);
    offset = end;
    long wait = pacer.reserve(chunk.length, System.nanoTime());
    if (wait <= 0) {
      return CompletableFuture.completedFuture(chunk);
    }
    CompletableFuture<byte[]> due = new CompletableFuture<>();
    try {
      timer.schedule(() -> due.complete(chunk), wait, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      due.completeExceptionally(new UploadFailure(UploadFailure.Disposition.RETRY, "outbox closing", e));
    }
    return due;
  }

  /**
   * For a port that cannot stream a request body: every chunk, paced, then the whole body. The cap still holds
   * on average, but the bytes leave together at the end.
   */
  public CompletionStage<byte[]> readAll() {
    return next().thenCompose(chunk -> chunk == null ? CompletableFuture.completedFuture(bytes) : readAll());
  }
}
