package dev.edgerelay.relay.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.testing.Await;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReaderContextsTest {
  private static final int EVENT_LOOPS = 3;
  private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(EVENT_LOOPS));

  @AfterEach
  void close() {
    Await.result(vertx.close().toCompletionStage());
  }

  private static String threadOf(Context context) throws Exception {
    CompletableFuture<String> thread = new CompletableFuture<>();
    context.runOnContext(v -> thread.complete(Thread.currentThread().getName()));
    return Await.result(thread, Duration.ofSeconds(10));
  }

  @Test
  void shouldTakeEveryEventLoopInTurnEvenWhenAskedFromOneOfThem() throws Exception {
    CompletableFuture<List<Context>> made = new CompletableFuture<>();
    vertx.runOnContext(v -> { // as an HTTP handler would: from one event loop
      List<Context> contexts = new ArrayList<>();
      for (int i = 0; i < EVENT_LOOPS * 2; i++) {
        contexts.add(ReaderContexts.next(vertx));
      }
      made.complete(contexts);
    });

    Set<String> threads = new HashSet<>();
    for (Context context : made.get(10, TimeUnit.SECONDS)) {
      assertThat(context.isEventLoopContext()).isTrue();
      String first = threadOf(context);
      assertThat(threadOf(context)).isEqualTo(first); // one context, one thread: readers stay single-threaded
      threads.add(first);
    }
    assertThat(threads).hasSize(EVENT_LOOPS);
  }
}
