package dev.edgerelay.relay.cluster.ownership;

import dev.edgerelay.relay.http.NodeAddress;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpResponseExpectation;
import io.vertx.core.http.RequestOptions;
import java.util.Objects;

/**
 * Confirms that a member that left the cluster's view is dead before its channels move (docs/architecture.md,
 * "Ownership"): its {@code GET /edge/health} must fail {@code failuresNeeded} times in a row, each probe starting
 * at least {@code intervalMillis} after the one before. A member that answers 200 is alive (a frozen process that
 * resumed, or a split of the cluster's view while the LAN works): its channels stay, and it takes back only what
 * the rendezvous hash gives it. Not ready (503), a refused or reset connection and a timeout all count as failures.
 */
public final class TakeoverGuard {
  /** Two failures: one lost or late answer on a busy LAN does not move a node's channels. */
  public static final int DEFAULT_FAILURES_NEEDED = 2;
  /** 500 ms apart: a node that is restarting its HTTP listener or collecting garbage gets a second chance. */
  public static final long DEFAULT_INTERVAL_MILLIS = 500;
  /** A healthy node answers health on the LAN within milliseconds; a frozen one never does. */
  public static final long DEFAULT_PROBE_TIMEOUT_MILLIS = 500;

  /** Whether {@code node} answers its health check now; a failed future counts as not healthy. */
  @FunctionalInterface
  public interface HealthProbe {
    Future<Boolean> healthy(NodeAddress node);
  }

  private final Vertx vertx;
  private final HealthProbe probe;
  private final int failuresNeeded;
  private final long intervalMillis;

  public TakeoverGuard(Vertx vertx, HealthProbe probe, int failuresNeeded, long intervalMillis) {
    if (failuresNeeded < 1) {
      throw new IllegalArgumentException("failures needed must be 1 or more, got " + failuresNeeded);
    }
    if (intervalMillis < 1) {
      throw new IllegalArgumentException("the probe interval must be 1 ms or more, got " + intervalMillis);
    }
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.probe = Objects.requireNonNull(probe, "probe");
    this.failuresNeeded = failuresNeeded;
    this.intervalMillis = intervalMillis;
  }

  /**
   * Completes with true when {@code node} is confirmed dead, false as soon as one probe finds it healthy. Never
   * fails. Probes and timers run on the caller's context when there is one.
   */
  public Future<Boolean> confirmDead(NodeAddress node) {
    Objects.requireNonNull(node, "node");
    Promise<Boolean> verdict = Promise.promise();
    probe(node, 0, verdict);
    return verdict.future();
  }

  private void probe(NodeAddress node, int failuresSoFar, Promise<Boolean> verdict) {
    long startedNanos = System.nanoTime();
    Future<Boolean> answer;
    try {
      answer = Objects.requireNonNull(probe.healthy(node), "the health probe returned no future");
    } catch (RuntimeException e) {
      answer = Future.failedFuture(e);
    }
    answer.onComplete(healthy -> {
      if (healthy.succeeded() && Boolean.TRUE.equals(healthy.result())) {
        verdict.complete(false);
        return;
      }
      int failures = failuresSoFar + 1;
      if (failures >= failuresNeeded) {
        verdict.complete(true);
        return;
      }
      // probes start intervalMillis apart; a probe that took longer (a timeout) is followed at once
      long elapsedMillis = (System.nanoTime() - startedNanos) / 1_000_000;
      vertx.setTimer(Math.max(1, intervalMillis - elapsedMillis), t -> probe(node, failures, verdict));
    });
  }

  /**
   * The probe over HTTP: healthy when {@code GET http://{node}/edge/health} answers 200 within
   * {@code timeoutMillis} (to connect, then between bytes). Each probe opens its own connection, so a pooled
   * connection to a process that died cannot answer for it. Its client lives as long as {@code vertx}.
   */
  public static HealthProbe http(Vertx vertx, long timeoutMillis) {
    if (timeoutMillis < 1) {
      throw new IllegalArgumentException("the probe timeout must be 1 ms or more, got " + timeoutMillis);
    }
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
    return node -> client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost(node.host())
            .setPort(node.httpPort()).setURI("/edge/health").setConnectTimeout(timeoutMillis)
            .setIdleTimeout(timeoutMillis))
        .compose(request -> request.send().expecting(HttpResponseExpectation.SC_OK))
        .compose(response -> response.body())
        .map(body -> true);
  }
}
