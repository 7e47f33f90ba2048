package dev.edgerelay.media.testing;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The result of an asynchronous operation, awaited from a test thread with a deadline. Vert.x futures
 * come in through {@code future.toCompletionStage()}; media itself stays free of Vert.x.
 */
public final class Await {
  /** Long enough for a cold JVM on two busy cores, short enough that a hang fails the class, not CI. */
  public static final Duration DEFAULT = Duration.ofSeconds(60);

  private Await() {}

  public static <T> T result(CompletionStage<T> stage) {
    return result(stage, DEFAULT);
  }

  /**
   * The value {@code stage} completes with. Its failure is rethrown as it is when unchecked, so
   * {@code assertThrows} sees the real type; a checked one is wrapped; a timeout fails the test.
   */
  public static <T> T result(CompletionStage<T> stage, Duration within) {
    try {
      return stage.toCompletableFuture().get(within.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException unchecked) {
        throw unchecked;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(cause);
    } catch (TimeoutException e) {
      throw new AssertionError("no result within " + within.toMillis() + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while awaiting a result", e);
    }
  }

  /** The failure {@code stage} completes with; fails the test when it succeeds or times out. */
  public static Throwable failure(CompletionStage<?> stage, Duration within) {
    try {
      Object value = stage.toCompletableFuture().get(within.toMillis(), TimeUnit.MILLISECONDS);
      throw new AssertionError("expected a failure, got " + value);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (TimeoutException e) {
      throw new AssertionError("no failure within " + within.toMillis() + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while awaiting a failure", e);
    }
  }

  public static Throwable failure(CompletionStage<?> stage) {
    return failure(stage, DEFAULT);
  }
}
