package dev.edgerelay.relay.record;

import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.state.RecordingIntents;
import dev.edgerelay.relay.cluster.Ownership;
import dev.edgerelay.relay.cluster.RecordingIntent;
import dev.edgerelay.relay.cluster.ownership.TakeoverPacer;
import dev.edgerelay.relay.hub.StreamHub;
import dev.edgerelay.relay.hub.StreamKey;
import dev.edgerelay.relay.hub.StreamSource;
import dev.edgerelay.relay.pull.PullSession;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes this node record exactly the channels it should (docs/architecture.md, "Cluster: recording"): those whose
 * recording intent is on and whose origin is this node; every other recorder is detached. It runs on a context of its
 * own, after every ownership change (members, claims, intents) and every {@value #INTERVAL_MILLIS} ms.
 *
 * <p>It also keeps this node's mirror of the site's intents in the node state: a newer intent of the site is written
 * to disk, and one on disk newer than the site's (a cold-started site, or a write lost while nodes raced) is offered
 * back. A node alone runs the same code over its {@code SingleNode}'s intents.
 *
 * <p>A planned move (a drain, a node returning, a rebalance) is made before it is broken: the new origin pulls and
 * records, and once it has committed its first segment of the channel it tells its live peers at
 * {@code edge.node.{name}.handoff} (it need not know which one held the channel: claims may lag); the old origin
 * keeps its pull and its recorder until then (or
 * {@value #HANDOFF_TIMEOUT_MILLIS} ms), then finishes its open segment and stops. The overlap is at most about one
 * segment, and no hole. A dead node's channels have no one to wait for.
 *
 * <p>Recorders started because this node became a channel's origin while it runs (a takeover after a peer's death,
 * a drain, a rebalance) wait their turn in the {@link TakeoverPacer}, the channels with viewers first, each holding
 * its turn until its pull's first connect; the recorder joins the stream at its next keyframe.
 */
final class RecordingReconciler {
  private static final Logger LOG = LoggerFactory.getLogger(RecordingReconciler.class);
  /** A change missed (a listener's hop lost in a close race) is caught up this often. */
  static final long INTERVAL_MILLIS = 2_000;
  /** A takeover's turn ends at its pull's first connect, or after this long whatever happened. */
  static final long TURN_TIMEOUT_MILLIS = 10_000;
  /** How often a takeover's turn looks for the stream its recorder opened. */
  static final long SOURCE_POLL_MILLIS = 50;
  /** An old origin that hears no handoff (the new one cannot record) stops recording after this long anyway. */
  static final long HANDOFF_TIMEOUT_MILLIS = 20_000;

  /** Attaches and detaches recorders; the service's own supervisors. */
  interface Recorders {
    Set<ChannelRef> supervised();

    /** Supervises {@code channel}'s recorder; {@code orThrow}: a first run that cannot start throws here. */
    void attach(ChannelRef channel, boolean orThrow);

    /** Stops {@code channel}'s recorder; completes once its last segment is indexed. */
    Future<Void> detach(ChannelRef channel);
  }

  private final Vertx vertx;
  private final Context context;
  private final Ownership ownership;
  private final Recorders recorders;
  private final RecordingIntents mirror;
  private final Collection<ChannelRef> configured;
  private final StreamHub hub;
  private final TakeoverPacer pacer;
  private final Clock clock;
  // on the context
  private final Map<String, RecordingIntent> mirrored = new HashMap<>();
  private final Set<ChannelRef> waiting = new HashSet<>();
  /** Channels moved away whose recorder here runs until the new origin says it records: their timeout timers. */
  private final Map<ChannelRef, Long> handingOff = new HashMap<>();
  /** Channels whose recorder started here and has committed no segment yet: peers hear of the first. */
  private final Set<ChannelRef> awaitingFirst = new HashSet<>();
  /** Channels a peer said it records, heard before this node saw the move: that peer (at most one per channel). */
  private final Map<ChannelRef, String> recordedElsewhere = new HashMap<>();
  private io.vertx.core.eventbus.MessageConsumer<io.vertx.core.json.JsonObject> handoffs;
  private volatile Runnable afterHandoff = () -> { };
  private boolean started;
  private boolean closed;
  private long timer = -1;

  RecordingReconciler(Vertx vertx, Context context, Ownership ownership, Recorders recorders, RecordingIntents mirror,
      Collection<ChannelRef> configured, StreamHub hub, TakeoverPacer pacer, Clock clock) {
    this.vertx = vertx;
    this.context = context;
    this.ownership = ownership;
    this.recorders = recorders;
    this.mirror = mirror;
    this.configured = List.copyOf(configured);
    this.hub = hub;
    this.pacer = pacer;
    this.clock = clock;
  }

  /**
   * Reads the mirror, offers it to the site where newer, turns on the {@code --record-channels} not on, then
   * attaches what this node should record and follows every change from then on.
   */
  Future<Void> start() {
    return Future.<Void>future(p -> context.runOnContext(v -> blocking(mirror::all).compose(stored -> {
      List<Future<Void>> offers = new ArrayList<>();
      for (RecordingIntents.Intent i : stored) {
        RecordingIntent intent = new RecordingIntent(i.on(), i.updatedAtMillis(), i.by());
        mirrored.put(key(i.channel()), intent);
        offers.add(ownership.offerIntent(key(i.channel()), intent));
      }
      return Future.join(offers);
    }).compose(x -> {
      List<Future<Void>> offers = new ArrayList<>();
      for (ChannelRef c : configured) { // configured to record: on at every start, whatever was said before
        RecordingIntent now = ownership.intents().get(key(c));
        if (now == null || !now.on()) {
          offers.add(ownership.offerIntent(key(c), next(true, now)));
        }
      }
      return Future.join(offers);
    }).onComplete(ar -> {
      handoffs = vertx.eventBus().consumer(handoffAddress(ownership.selfName()),
          m -> handedOff(StreamKey.parseDashed(m.body().getString("channel", "")), m.body().getString("node", "")));
      ownership.onChange(this::reconcile);
      timer = vertx.setPeriodic(INTERVAL_MILLIS, t -> reconcile());
      started = true;
      reconcile();
      if (ar.failed()) { // availability first: record what this node knows, and offer again on the next round
        LOG.warn("offering this node's recording intents to the site failed: {}", ar.cause().getMessage());
      }
      p.complete();
    })));
  }

  /**
   * record_video: writes {@code channel}'s intent for the whole site, mirrors it, and applies it here at once when
   * this node is the channel's origin (a recorder that cannot start, the hub being full, fails the call and the
   * intent stays on for when there is room); another origin applies it when it hears of the change.
   */
  Future<Void> set(ChannelRef channel, boolean on) {
    String key = key(channel);
    RecordingIntent intent = next(on, ownership.intents().get(key));
    return ownership.offerIntent(key, intent).compose(v -> Future.<Void>future(p -> context.runOnContext(x ->
        writeMirror(key, intent).compose(y -> {
          if (!on) {
            return recorders.detach(channel);
          }
          if (ownership.originOf(streamKey(channel)).local() && !recorders.supervised().contains(channel)) {
            recorders.attach(channel, true);
            awaitingFirst.add(channel);
          }
          return Future.<Void>succeededFuture();
        }).onComplete(p))));
  }

  /** Stops following changes; the recorders themselves are stopped by the service. */
  void close() {
    context.runOnContext(v -> {
      closed = true;
      vertx.cancelTimer(timer);
      handingOff.values().forEach(vertx::cancelTimer);
      handingOff.clear();
      if (handoffs != null) {
        handoffs.unregister();
      }
    });
  }

  /** Where node {@code name} hears that a channel it hands off is recorded by its new origin. */
  static String handoffAddress(String name) {
    return "edge.node." + name + ".handoff";
  }

  /** Runs after a handed-off recorder stopped, so the live path lets go of the pull it held for it. */
  void afterHandoff(Runnable action) {
    this.afterHandoff = action;
  }

  /** On the writer thread: the first segment of a recorder started here tells the live peers it records. */
  void committed(ChannelRef channel) {
    context.runOnContext(v -> {
      if (awaitingFirst.remove(channel)) {
        var notice = new io.vertx.core.json.JsonObject().put("channel", key(channel))
            .put("node", ownership.selfName());
        for (String peer : ownership.site().live()) {
          if (!peer.equals(ownership.selfName())) {
            vertx.eventBus().send(handoffAddress(peer), notice);
          }
        }
      }
    });
  }

  /**
   * Node {@code by} records {@code key}: if this node hands the channel to it, its recorder finishes its open segment
   * and stops; if this node has not seen the move yet, it remembers, and stops as soon as it does.
   */
  private void handedOff(StreamKey key, String by) {
    if (key == null || closed) {
      return;
    }
    ChannelRef channel = new ChannelRef(key.deviceId(), key.channelId());
    Long guard = handingOff.remove(channel);
    if (guard != null) {
      vertx.cancelTimer(guard);
      release(channel);
    } else if (recorders.supervised().contains(channel)) {
      recordedElsewhere.put(channel, by);
    }
  }

  private void release(ChannelRef channel) {
    LOG.info("{}: handed off, stopping its recorder here", channel);
    recorders.detach(channel).onComplete(ar -> afterHandoff.run());
  }

  /** A new intent that wins over {@code current}: now, or just after it should this node's clock lag behind. */
  private RecordingIntent next(boolean on, RecordingIntent current) {
    long at = Math.max(clock.millis(), current == null ? 0 : current.updatedAtMillis() + 1);
    return new RecordingIntent(on, at, ownership.selfName());
  }

  /** On the context. */
  private void reconcile() {
    if (closed || !started) {
      return;
    }
    Map<String, RecordingIntent> intents = ownership.intents();
    intents.forEach((channel, intent) -> {
      if (intent.newerThan(mirrored.get(channel))) {
        writeMirror(channel, intent);
      }
    });
    mirrored.forEach((channel, kept) -> {
      if (kept.newerThan(intents.get(channel))) {
        ownership.offerIntent(channel, kept); // the site lost or never had it: ours is the newest known
      }
    });
    Set<ChannelRef> wanted = new HashSet<>();
    intents.forEach((channel, intent) -> {
      StreamKey key = intent.on() ? StreamKey.parseDashed(channel) : null;
      if (key != null && ownership.originOf(key).local()) {
        wanted.add(new ChannelRef(key.deviceId(), key.channelId()));
      }
    });
    Set<ChannelRef> running = recorders.supervised();
    for (ChannelRef c : running) {
      if (wanted.contains(c)) {
        recordedElsewhere.remove(c);
        Long guard = handingOff.remove(c); // it came back before the handoff ended
        if (guard != null) {
          vertx.cancelTimer(guard);
        }
      } else if (!ownership.recorded(streamKey(c))) {
        recordedElsewhere.remove(c);
        recorders.detach(c);
      } else if (!handingOff.containsKey(c)) {
        String to = ownership.originOf(streamKey(c)).node();
        if (to.equals(recordedElsewhere.remove(c))) {
          release(c); // the new origin said it records before this node saw the move
          continue;
        }
        LOG.info("{}: origin moved to node {}, recording here until it records", c, to);
        handingOff.put(c, vertx.setTimer(HANDOFF_TIMEOUT_MILLIS, t -> context.runOnContext(v -> {
          if (handingOff.remove(c) != null) {
            LOG.warn("{}: node {} did not confirm recording within {} ms, stopping here anyway", c, to,
                HANDOFF_TIMEOUT_MILLIS);
            release(c);
          }
        })));
      }
    }
    for (ChannelRef c : wanted) {
      if (!running.contains(c) && waiting.add(c)) {
        takeOver(c);
      }
    }
  }

  /** Starts {@code channel}'s recorder when the pacer gives it a turn, held until its pull first connects. */
  private void takeOver(ChannelRef channel) {
    StreamKey key = streamKey(channel);
    var stream = hub.find(key);
    int priority = 1 + (stream == null ? 0 : Math.min(stream.readerCount(), 100)); // watched channels first
    pacer.<Void>submit(priority, () -> Future.<Void>future(p -> context.runOnContext(v -> {
      waiting.remove(channel);
      if (closed || !ownership.recorded(key) || !ownership.originOf(key).local()
          || recorders.supervised().contains(channel)) {
        p.complete(); // the world moved while it waited
        return;
      }
      recorders.attach(channel, false);
      awaitingFirst.add(channel);
      long guard = vertx.setTimer(TURN_TIMEOUT_MILLIS, t -> p.tryComplete());
      // the recorder opens its stream on its own context: the turn ends at that stream's first connect
      vertx.setPeriodic(SOURCE_POLL_MILLIS, poll -> {
        StreamSource source = hub.source(key);
        if (source == null && !p.future().isComplete()) {
          return;
        }
        vertx.cancelTimer(poll);
        Future<Void> first = source instanceof PullSession pull ? pull.firstAttempt() : Future.succeededFuture();
        first.onComplete(ar -> {
          vertx.cancelTimer(guard);
          p.tryComplete();
        });
      });
    }))).onFailure(err -> context.runOnContext(v -> {
      waiting.remove(channel);
      LOG.warn("{}: recording not taken over: {}", channel, err.getMessage());
    }));
  }

  private Future<Void> writeMirror(String channel, RecordingIntent intent) {
    mirrored.put(channel, intent);
    StreamKey key = StreamKey.parseDashed(channel);
    if (key == null) {
      return Future.succeededFuture();
    }
    ChannelRef ref = new ChannelRef(key.deviceId(), key.channelId());
    return blocking(() -> {
      mirror.put(new RecordingIntents.Intent(ref, intent.on(), intent.updatedAtMillis(), intent.by()));
      return null;
    }).onFailure(e -> LOG.warn("mirroring the recording intent of {} failed", channel, e)).mapEmpty();
  }

  /** On a worker, in order: intents reach the disk in the order they were decided. */
  private <T> Future<T> blocking(java.util.concurrent.Callable<T> work) {
    return context.executeBlocking(work, true);
  }

  static String key(ChannelRef channel) {
    return streamKey(channel).rtmpName();
  }

  static StreamKey streamKey(ChannelRef channel) {
    return new StreamKey(channel.deviceId(), channel.channelId());
  }
}
