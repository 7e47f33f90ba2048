package dev.edgerelay.relay.cluster.ownership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgerelay.media.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The pacer's bounds and order, with tasks completing on Vert.x threads and on the caller's. */
@ExtendWith(VertxExtension.class)
@Timeout(60)
class TakeoverPacerTest {
  @Test
  void shouldNeverRunMoreThanItsConcurrencyUnderConcurrentSubmitters(Vertx vertx) throws Exception {
    TakeoverPacer pacer = new TakeoverPacer(4, 1000);
    AtomicInteger current = new AtomicInteger();
    AtomicInteger highest = new AtomicInteger();
    List<Future<Integer>> results = Collections.synchronizedList(new ArrayList<>());
    ExecutorService submitters = Executors.newFixedThreadPool(4);
    try {
      for (int s = 0; s < 4; s++) {
        int submitter = s;
        submitters.execute(() -> {
          for (int i = 0; i < 50; i++) {
            int n = submitter * 100 + i;
            results.add(pacer.submit(i % 3, () -> {
              highest.accumulateAndGet(current.incrementAndGet(), Math::max);
              // tasks complete on event loops, timers and worker threads, as takeovers do
              Promise<Integer> done = Promise.promise();
              vertx.setTimer(1 + ThreadLocalRandom.current().nextInt(5), t -> vertx.executeBlocking(() -> {
                current.decrementAndGet();
                return n;
              }, false).onComplete(done));
              return done.future();
            }));
          }
        });
      }
      submitters.shutdown();
      assertThat(submitters.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
      Await.result(Future.all(new ArrayList<>(results)).toCompletionStage(), Duration.ofSeconds(30));
    } finally {
      submitters.shutdownNow();
    }
    assertThat(results).hasSize(200);
    assertThat(highest.get()).isEqualTo(4);
    assertThat(pacer.running()).isZero();
    assertThat(pacer.queued()).isZero();
  }

  /** A task that runs until the returned promise completes. */
  private static Promise<Void> holdTheOnlyPermit(TakeoverPacer pacer) {
    Promise<Void> blocker = Promise.promise();
    pacer.submit(0, blocker::future);
    assertThat(pacer.running()).isEqualTo(1);
    return blocker;
  }

  @Test
  void shouldStartHigherPriorityFirstAndInOrderWithinAPriority() {
    TakeoverPacer pacer = new TakeoverPacer(1, 10);
    Promise<Void> blocker = holdTheOnlyPermit(pacer);
    List<String> started = new ArrayList<>();
    List<Future<String>> results = new ArrayList<>();
    for (String name : List.of("1a", "3a", "2a", "3b", "1b")) {
      int priority = name.charAt(0) - '0';
      results.add(pacer.submit(priority, () -> {
        started.add(name);
        return Future.succeededFuture(name);
      }));
    }
    assertThat(started).isEmpty();
    assertThat(pacer.queued()).isEqualTo(5);
    blocker.complete();
    assertThat(started).containsExactly("3a", "3b", "2a", "1a", "1b");
    assertThat(results).allSatisfy(f -> assertThat(f.succeeded()).isTrue());
    assertThat(pacer.running()).isZero();
  }

  @Test
  void shouldRefuseASubmissionBeyondTheQueueBound() {
    TakeoverPacer pacer = new TakeoverPacer(1, 2);
    Promise<Void> blocker = holdTheOnlyPermit(pacer);
    Future<Void> second = pacer.submit(0, Future::succeededFuture);
    Future<Void> third = pacer.submit(5, Future::succeededFuture);
    Future<Void> refused = pacer.submit(9, Future::succeededFuture);
    assertThat(refused.failed()).isTrue();
    assertThat(refused.cause()).isInstanceOf(RejectedExecutionException.class).hasMessageContaining("2 takeovers");
    assertThat(pacer.running()).isEqualTo(1);
    assertThat(pacer.queued()).isEqualTo(2);
    blocker.complete();
    assertThat(second.succeeded() && third.succeeded()).isTrue();
    assertThat(pacer.running()).isZero();
  }

  @Test
  void shouldFailAThrowingTaskAndPassItsPermitOn() {
    TakeoverPacer pacer = new TakeoverPacer(1, 5);
    Promise<Void> blocker = holdTheOnlyPermit(pacer);
    Future<Void> throwing = pacer.submit(0, () -> {
      throw new IllegalStateException("no platform");
    });
    Future<String> next = pacer.submit(0, () -> Future.succeededFuture("ran"));
    blocker.fail("gone");
    assertThatThrownBy(() -> Await.result(throwing.toCompletionStage())).hasMessage("no platform");
    assertThat(next.result()).isEqualTo("ran");
    assertThat(pacer.running()).isZero();
  }

  @Test
  void shouldDrainALongQueueOfTasksThatCompleteAtOnceWithoutDeepRecursion() {
    TakeoverPacer pacer = new TakeoverPacer(1, 100_000);
    Promise<Void> blocker = holdTheOnlyPermit(pacer);
    AtomicInteger ran = new AtomicInteger();
    for (int i = 0; i < 100_000; i++) {
      pacer.submit(0, () -> Future.succeededFuture(ran.incrementAndGet()));
    }
    blocker.complete();
    assertThat(ran).hasValue(100_000);
    assertThat(pacer.running()).isZero();
  }
}
