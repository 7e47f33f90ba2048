package dev.edgerelay.relay.http;

import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Answers a request from an asynchronous result so that no failure is lost. A future's callback runs outside
 * the router: an exception thrown there never reaches the router's failure handler and the request would hang
 * until the client gives up. Here the failed result, and anything {@code onSuccess} throws while answering,
 * goes to {@code ctx.fail}, which answers the envelope.
 */
public final class RouteAnswer {
  private RouteAnswer() {}

  /** The callback that answers {@code ctx}: {@code onSuccess} with the result, or the failure handler. */
  public static <T> Handler<AsyncResult<T>> with(RoutingContext ctx, Consumer<T> onSuccess) {
    return with(ctx, failure -> failure, onSuccess);
  }

  /**
   * As {@link #with(RoutingContext, Consumer)}, the failure first turned into the answer the route gives it
   * ({@code failureAnswer} may return it unchanged).
   */
  public static <T> Handler<AsyncResult<T>> with(RoutingContext ctx, Function<Throwable, Throwable> failureAnswer,
      Consumer<T> onSuccess) {
    return ar -> {
      if (ar.failed()) {
        fail(ctx, failureAnswer.apply(ar.cause()));
        return;
      }
      try {
        onSuccess.accept(ar.result());
      } catch (RuntimeException e) {
        fail(ctx, e);
      }
    };
  }

  private static void fail(RoutingContext ctx, Throwable failure) {
    if (!ctx.failed() && !ctx.response().ended()) {
      ctx.fail(failure);
    }
  }
}
