package dev.edgerelay.relay.upload;

import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.index.SegmentRecord;
import dev.edgerelay.recorder.index.VideoRecord;
import dev.edgerelay.recorder.outbox.ObjectNames;
import dev.edgerelay.recorder.outbox.OutboxItem;
import dev.edgerelay.recorder.outbox.OutboxStats;
import dev.edgerelay.recorder.outbox.UploadKind;
import dev.edgerelay.recorder.outbox.UploadOutbox;
import dev.edgerelay.recorder.outbox.UploadTarget;
import dev.edgerelay.recorder.outbox.Uploader;
import dev.edgerelay.recorder.catalog.RecordingCatalog;
import dev.edgerelay.recorder.retention.PinnedSegments;
import dev.edgerelay.recorder.state.UploadMarks;
import dev.edgerelay.relay.record.RecordingService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's uploads: the policy (per channel {@code none | all | on-request}), the persistent
 * {@link UploadOutbox} in the recorder's node state, and the entry points that queue into it: finished segments
 * of {@code all} channels (on commit, and at start those no commit announced, after the channel's
 * {@link UploadMarks upload mark}), {@code POST /edge/upload} (a video or a time range), and pictures (snapshots,
 * {@link #queuePicture}). Futures complete on the caller's Vert.x context.
 */
public final class UploadService {
  private static final Logger LOG = LoggerFactory.getLogger(UploadService.class);

  private final Vertx vertx;
  private final Uploader uploader;
  private final UploadOptions options;
  private final Map<ChannelRef, UploadPolicy> channelPolicies;
  private final Clock clock;
  private volatile UploadOutbox outbox;
  private volatile PinnedSegments pins = segment -> true;
  private RecordingService recorder;

  public UploadService(Vertx vertx, Uploader uploader, UploadOptions options, Clock clock) {
    this.vertx = vertx;
    this.uploader = uploader;
    this.options = options;
    this.channelPolicies = options.channelPolicies();
    this.clock = clock;
  }

  /**
   * For retention: segments queued for upload are kept. Until the outbox has opened every segment counts as
   * pinned (retention may run before: it must not delete what the outbox is about to load).
   */
  public PinnedSegments pinned() {
    return segment -> pins.isPinned(segment);
  }

  /**
   * Opens the outbox in {@code recorder}'s node state (on a worker), follows the recorder's finished segments,
   * then queues those no commit announced ({@link #catchUp}); only then do the outbox's pins replace "keep all".
   */
  public Future<Void> open(RecordingService recorder) {
    this.recorder = recorder;
    UploadMarks marks = recorder.storage().state().uploadMarks();
    return vertx.executeBlocking(() -> UploadOutbox.open(recorder.storage().state().outbox(), uploader,
        options.outbox(), clock))
        .compose(o -> {
          outbox = o;
          // the marks as they were before any commit is followed: a commit followed before the catch-up reads them
          // moves its channel's mark past the segments salvaged from a crash, which would then never be queued
          return recorder.blocking(() -> marksBefore(marks));
        })
        .compose(before -> {
          UploadOutbox o = outbox;
          recorder.onCommitted(this::committed); // before the catch-up reads the index: no commit falls between
          // a segment both announced and found by the catch-up is queued once (the outbox keeps one item per target)
          return recorder.blocking(() -> catchUp(marks, before)).compose(this::queueCaughtUp).recover(err -> {
            // uploads still follow new commits; what was missed stays after the marks for the next start
            LOG.error("segments recorded while uploads were not following could not be queued", err);
            return Future.succeededFuture();
          }).map(v -> {
            pins = o.pinned(recorder.catalog()::file);
            return (Void) null;
          });
        });
  }

  /**
   * The segments of {@code all} channels after their upload mark, oldest first: salvaged from a crash (indexed by
   * the recorder's reconciliation), or committed while no outbox followed (before it opened, or while a killed
   * node's last enqueue was not written yet). Other channels' marks move to their newest segment, so a later
   * change to {@code all} uploads from then on, not the archive. On a worker.
   */
  private List<SegmentRecord> catchUp(UploadMarks marks, Map<ChannelRef, OptionalLong> before)
      throws RocksDBException {
    long since = marks.since(clock.millis());
    List<SegmentRecord> missed = new ArrayList<>();
    for (RecordingCatalog.ChannelSpan span : recorder.catalog().channels()) {
      ChannelRef channel = span.channel();
      OptionalLong mark = before.getOrDefault(channel, OptionalLong.empty());
      List<SegmentRecord> after = recorder.catalog().segments(channel, mark.orElse(since), Long.MAX_VALUE).stream()
          .filter(s -> mark.isPresent() ? s.startMillis() > mark.getAsLong() : s.startMillis() >= since).toList();
      if (policy(channel) == UploadPolicy.ALL) {
        missed.addAll(after);
      } else if (!after.isEmpty()) {
        marks.advance(channel, after.get(after.size() - 1).startMillis());
      }
    }
    return missed;
  }

  /** Every recorded channel's mark, read before commits are followed. On a worker. */
  private Map<ChannelRef, OptionalLong> marksBefore(UploadMarks marks) throws RocksDBException {
    Map<ChannelRef, OptionalLong> before = new HashMap<>();
    for (RecordingCatalog.ChannelSpan span : recorder.catalog().channels()) {
      before.put(span.channel(), marks.mark(span.channel()));
    }
    return before;
  }

  private Future<Void> queueCaughtUp(List<SegmentRecord> missed) {
    if (missed.isEmpty()) {
      return Future.succeededFuture();
    }
    LOG.info("queueing {} segments for upload that were recorded while uploads were not following"
        + " (salvaged after a crash, or finished before the outbox opened)", missed.size());
    List<Future<Void>> queued = new ArrayList<>(missed.size());
    for (SegmentRecord s : missed) {
      queued.add(Future.fromCompletionStage(handOff(s), vertx.getOrCreateContext()));
    }
    return Future.join(queued).otherwiseEmpty().mapEmpty();
  }

  public UploadPolicy policy(ChannelRef channel) {
    return channelPolicies.getOrDefault(channel, options.policy());
  }

  /**
   * On the recorder's writer: a finished segment of an {@code all} channel is queued (not waited for); another
   * channel's mark moves past it.
   */
  private void committed(SegmentRecord segment) {
    if (policy(segment.channel()) != UploadPolicy.ALL) {
      advanceMark(segment);
      return;
    }
    try {
      handOff(segment);
    } catch (RuntimeException e) { // closing: never let it reach the recorder's writer
      notQueued(segment, e);
    }
  }

  /**
   * Queues {@code segment}; once the outbox holds it, the channel's mark moves past it. One that is not queued
   * (the outbox closing or full) leaves the mark where it was, so the next start queues it.
   */
  private CompletionStage<Void> handOff(SegmentRecord segment) {
    return queueSegment(segment).handle((item, err) -> {
      if (err == null) {
        advanceMark(segment);
      } else {
        notQueued(segment, err);
      }
      return null;
    });
  }

  private void advanceMark(SegmentRecord segment) {
    try {
      recorder.storage().state().uploadMarks().advance(segment.channel(), segment.startMillis());
    } catch (RocksDBException | RuntimeException e) { // the next start queues it again: once by name all the same
      LOG.warn("upload mark of {} not moved past {}: {}", segment.channel(), segment.startMillis(), e.getMessage());
    }
  }

  private static void notQueued(SegmentRecord segment, Throwable err) {
    LOG.warn("segment {} of {} not queued for upload: {}", segment.startMillis(), segment.channel(), err.getMessage());
  }

  private CompletionStage<OutboxItem> queueSegment(SegmentRecord s) {
    String desc = "device " + s.channel().deviceId() + " channel " + s.channel().channelId() + " video "
        + s.videoId() + " from " + Instant.ofEpochMilli(s.startMillis()) + " for " + s.durationMillis() + " ms";
    return outbox().enqueue(UploadKind.RECORDING, recorder.catalog().file(s),
        UploadTarget.recording(ObjectNames.recording(s.channel(), s.startMillis()), desc));
  }

  /** {@code POST /edge/upload?video_id=}: every segment of the video; empty when there is no such video. */
  public Future<Optional<List<OutboxItem>>> queueVideo(ChannelRef channel, long videoId) {
    return recorder.blocking(() -> recorder.catalog().videoSegments(channel, videoId))
        .compose(segments -> segments.isEmpty() ? Future.succeededFuture(Optional.<List<OutboxItem>>empty())
            : queueAll(segments.get()).map(Optional::of));
  }

  /** {@code POST /edge/upload?begin=&end=}: the segments overlapping {@code [fromMillis, toMillis)}. */
  public Future<List<OutboxItem>> queueRange(ChannelRef channel, long fromMillis, long toMillis) {
    return recorder.blocking(() -> recorder.catalog().segments(channel, fromMillis, toMillis))
        .compose(this::queueAll);
  }

  private Future<List<OutboxItem>> queueAll(List<SegmentRecord> segments) {
    List<Future<OutboxItem>> queued = new ArrayList<>(segments.size());
    for (SegmentRecord s : segments) {
      queued.add(Future.fromCompletionStage(queueSegment(s), vertx.getOrCreateContext()));
    }
    return Future.all(queued).map(all -> all.<OutboxItem>list());
  }

  /**
   * Snapshots: queues the image {@code file} for spec 5.1 picture upload. {@code name} is the
   * picture's unique id on the channel: the same name is never uploaded twice. The file must stay until
   * the item is done or parked ({@code GET /edge/outbox}).
   */
  public Future<OutboxItem> queuePicture(String deviceId, int channelId, String format, String name, String desc,
      Path file) {
    return Future.fromCompletionStage(outbox().enqueue(UploadKind.PICTURE, file,
        UploadTarget.picture(deviceId, channelId, format, name, desc)), vertx.getOrCreateContext());
  }

  /** {@code POST /edge/outbox/retry}: the parked item {@code sequence}, or all parked ones when null. */
  public Future<List<OutboxItem>> retryParked(Long sequence) {
    return Future.fromCompletionStage(outbox().retryParked(sequence), vertx.getOrCreateContext());
  }

  /** {@code POST /edge/outbox/discard}: the parked item {@code sequence}, dropped for good. */
  public Future<OutboxItem> discardParked(long sequence) {
    return Future.fromCompletionStage(outbox().discardParked(sequence), vertx.getOrCreateContext());
  }

  public Future<OutboxStats> stats() {
    return Future.fromCompletionStage(outbox().stats(), vertx.getOrCreateContext());
  }

  /** Every item held, oldest first (live, then the done ones kept). */
  public Future<List<OutboxItem>> items() {
    return Future.fromCompletionStage(outbox().items(), vertx.getOrCreateContext());
  }

  private UploadOutbox outbox() {
    UploadOutbox o = outbox;
    if (o == null) {
      throw new IllegalStateException("the upload outbox is not open yet");
    }
    return o;
  }

  /**
   * Stops sending, on a worker: after the recorders stopped (their last segments are queued) and before the
   * recorder's storage closes. In-flight items are checked on restart.
   */
  public Future<Void> close() {
    UploadOutbox o = outbox;
    outbox = null;
    return o == null ? Future.succeededFuture() : vertx.executeBlocking(() -> {
      o.close();
      return null;
    });
  }
}
