package dev.edgerelay.relay.cluster;

import dev.edgerelay.recorder.Page;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One question asked of every member of the site that holds data of its own (recordings, pictures), answered at
 * {@code edge.node.{name}.{topic}} on each (docs/architecture.md, "Cluster: VOD across nodes"). This node answers
 * through the same handler without the event bus, so a single node runs the same code without any fan-out. A member
 * that does not answer within the fan-out timeout, or that the site knows is down, is named in
 * {@link Answers#missing()}: the caller answers from the rest and marks its answer partial, never failing it.
 *
 * <p>Requests and answers are JSON objects; a topic's handler tells its operations apart by the request's fields.
 */
public final class SiteFanout {
  private final Vertx vertx;
  private final Ownership ownership;
  private final long timeoutMillis;
  private final Runnable onPartial;
  private final Map<String, Function<JsonObject, Future<JsonObject>>> handlers = new ConcurrentHashMap<>();
  private final List<MessageConsumer<JsonObject>> consumers = Collections.synchronizedList(new ArrayList<>());

  /**
   * What the members answered.
   *
   * @param byNode each answer by node name, this node's first, then the others in name order
   * @param missing nodes that did not answer in time or are down, in name order
   */
  public record Answers(Map<String, JsonObject> byNode, List<String> missing) {
    public Answers {
      byNode = Collections.unmodifiableMap(new LinkedHashMap<>(byNode));
      missing = List.copyOf(missing);
    }

    /**
     * One page of the union of the lists the members sent, for the platform's paged lists across nodes (spec 5.2,
     * 6.2): each answer holds the items of {@link ListWindow} under {@code items}, oldest first, each with the epoch
     * millis {@code orderField} (removed here), and its own {@code total}. The page is cut from their merge by that
     * time, the total is the sum; ties keep the answers' order (this node first).
     */
    public Page<JsonObject> page(String items, String orderField, ListWindow window) {
      List<JsonObject> all = new ArrayList<>();
      long total = 0;
      for (JsonObject answer : byNode.values()) {
        total += answer.getLong("total");
        JsonArray list = answer.getJsonArray(items);
        for (int i = 0; i < list.size(); i++) {
          all.add(list.getJsonObject(i));
        }
      }
      all.sort(Comparator.comparingLong(v -> v.getLong(orderField))); // stable
      long skip = window.skip();
      List<JsonObject> cut = skip >= all.size() ? List.of()
          : all.subList((int) skip, (int) Math.min(all.size(), skip + window.size()));
      cut.forEach(v -> v.remove(orderField));
      return new Page<>(cut, total, window.page(), window.size());
    }

    public boolean partial() {
      return !missing.isEmpty();
    }

    /**
     * Adds the extra fields of a partial answer to {@code envelope}: {@code partial} and {@code unavailable_nodes};
     * the spec's own fields stay as they are. A complete answer is left unchanged.
     */
    public JsonObject markPartial(JsonObject envelope) {
      return partial() ? envelope.put("partial", true).put("unavailable_nodes", new JsonArray(missing)) : envelope;
    }
  }

  /**
   * What each node sends of page {@code page} of {@code size} of a list ({@code offset}, {@code limit}: items
   * {@code [offset, offset + limit)} of its own, oldest first). Alone, a node sends exactly the page; with peers, each
   * sends its first page * size items, which are all that can reach the page of the merge.
   */
  public record ListWindow(long page, long size, long offset, long limit) {
    /** Items of the merge before the page. */
    long skip() {
      return saturated(page - 1, size) - offset;
    }

    /** The window's request fields. */
    public JsonObject toJson() {
      return new JsonObject().put("offset", offset).put("limit", limit);
    }

    /** Items {@code [offset, offset + limit)} of {@code all}, empty past its end. */
    public static <T> List<T> cut(List<T> all, JsonObject request) {
      long offset = request.getLong("offset");
      long limit = request.getLong("limit");
      return offset >= all.size() ? List.of() : all.subList((int) offset, (int) Math.min(all.size(), offset + limit));
    }
  }

  private static long saturated(long a, long b) {
    return a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
  }

  /**
   * The window of page {@code page} of {@code size}; null when this node has peers and the page reaches past the
   * first {@code maxMerged} items of the merge, which no node ships (the caller asks for narrower filters).
   */
  public ListWindow window(long page, long size, long maxMerged) {
    if (targets(ownership.site()).size() == 1) {
      return new ListWindow(page, size, saturated(page - 1, size), size);
    }
    long limit = saturated(page, size);
    return limit > maxMerged ? null : new ListWindow(page, size, 0, limit);
  }

  /**
   * @param timeoutMillis how long a member has to answer ({@code --cluster-fanout-timeout-ms})
   * @param onPartial runs once for each answer that misses a member ({@link ClusterMetrics#partialFanOut()})
   */
  public SiteFanout(Vertx vertx, Ownership ownership, long timeoutMillis, Runnable onPartial) {
    this.vertx = vertx;
    this.ownership = ownership;
    this.timeoutMillis = timeoutMillis;
    this.onPartial = onPartial;
  }

  /** The event-bus address of {@code node}'s {@code topic}. */
  public static String address(String node, String topic) {
    return "edge.node." + node + "." + topic;
  }

  public long timeoutMillis() {
    return timeoutMillis;
  }

  public String selfName() {
    return ownership.selfName();
  }

  /**
   * Answers {@code topic} for this node and its peers from now on; {@code handler} runs on the caller's context
   * for this node's own questions and on the consumer's for peers', and must not block.
   */
  public void serve(String topic, Function<JsonObject, Future<JsonObject>> handler) {
    handlers.put(topic, handler);
    consumers.add(vertx.eventBus().consumer(address(ownership.selfName(), topic), (Message<JsonObject> m) ->
        answerHere(topic, m.body()).onComplete(ar -> {
          if (ar.succeeded()) {
            m.reply(ar.result());
          } else {
            m.fail(500, String.valueOf(ar.cause().getMessage()));
          }
        })));
  }

  /** Stops answering peers (the node is closing); its own questions are then answered by nobody. */
  public Future<Void> close() {
    List<Future<Void>> done = new ArrayList<>();
    synchronized (consumers) {
      consumers.forEach(c -> done.add(c.unregister()));
      consumers.clear();
    }
    handlers.clear();
    return Future.join(done).mapEmpty();
  }

  /** {@code node}'s HTTP {@code host:port} as it advertised it; empty when the site has no record of it. */
  public String httpOf(String node) {
    NodeRecord record = ownership.site().records().get(node);
    return record == null ? "" : record.http();
  }

  /**
   * Asks every live, ready member (this node always) {@code request} on {@code topic}; completes, never fails, once
   * all answered or the timeout passed. Members the site knows are down or suspect are missing at once.
   */
  public Future<Answers> ask(String topic, JsonObject request) {
    SiteView site = ownership.site();
    String self = ownership.selfName();
    List<String> asked = targets(site);
    TreeSet<String> missing = new TreeSet<>(site.suspects());
    site.records().forEach((name, record) -> {
      if (record.downSince() != 0 && !site.live().contains(name)) {
        missing.add(name);
      }
    });
    Map<String, JsonObject> answers = new ConcurrentHashMap<>();
    List<Future<Void>> all = new ArrayList<>(asked.size());
    for (String node : asked) {
      Future<JsonObject> answer = node.equals(self) ? answerHere(topic, request)
          : vertx.eventBus().<JsonObject>request(address(node, topic), request,
              new DeliveryOptions().setSendTimeout(timeoutMillis)).map(Message::body);
      Promise<Void> settled = Promise.promise();
      answer.onComplete(ar -> {
        if (ar.succeeded() && ar.result() != null) {
          answers.put(node, ar.result());
        }
        settled.complete();
      });
      all.add(settled.future());
    }
    return Future.join(all).transform(v -> {
      Map<String, JsonObject> ordered = new LinkedHashMap<>();
      if (answers.containsKey(self)) {
        ordered.put(self, answers.get(self));
      }
      new TreeSet<>(answers.keySet()).forEach(n -> ordered.putIfAbsent(n, answers.get(n)));
      asked.stream().filter(n -> !answers.containsKey(n)).forEach(missing::add);
      if (!missing.isEmpty()) {
        onPartial.run();
      }
      return Future.succeededFuture(new Answers(ordered, new ArrayList<>(missing)));
    });
  }

  /** The live, ready members (this node always): the ones a question goes to. */
  private List<String> targets(SiteView site) {
    String self = ownership.selfName();
    List<String> asked = new ArrayList<>();
    for (String name : site.live()) {
      NodeRecord record = site.records().get(name);
      if (name.equals(self) || (record != null && record.ready() && record.downSince() == 0)) {
        asked.add(name);
      }
    }
    if (!asked.contains(self)) {
      asked.add(self);
    }
    return asked;
  }

  private Future<JsonObject> answerHere(String topic, JsonObject request) {
    Function<JsonObject, Future<JsonObject>> handler = handlers.get(topic);
    if (handler == null) {
      return Future.failedFuture("node " + ownership.selfName() + " does not answer " + topic + " yet");
    }
    try {
      return handler.apply(request);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
