package dev.edgerelay.relay.record;

import dev.edgerelay.media.ts.SegmenterOptions;
import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.index.SegmentRecord;
import dev.edgerelay.recorder.store.DiskBacklog;
import dev.edgerelay.recorder.store.RecordingCutter;
import dev.edgerelay.recorder.store.SegmentFileSink;
import dev.edgerelay.recorder.store.SegmentStore;
import dev.edgerelay.recorder.store.SerialExecutor;
import dev.edgerelay.relay.hls.HlsService;
import dev.edgerelay.relay.hls.LiveParts;
import dev.edgerelay.relay.hub.StreamHub;
import dev.edgerelay.relay.hub.StreamKey;
import dev.edgerelay.relay.hub.StreamLease;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Records one channel, one run of it: holds a {@link StreamLease} so the source runs whether or not anyone
 * watches, and takes the channel's live TS parts from its live muxer ({@link HlsService#attachParts}): the
 * channel is muxed once, and a {@link RecordingCutter} joins the parts into keyframe-aligned files (target
 * duration, 8 MB cap) handed to a {@link SegmentFileSink} that writes them on a worker. Recording starts at the
 * next live part that starts with a keyframe. When the disk falls behind, {@link DiskBacklog} has the file closed
 * early at a part boundary and parts skipped until a keyframe part. Any failure (a write or index error, a throw
 * while cutting, the stream's end) ends this run and is reported to its {@link RecorderSupervisor}, which starts
 * the next one after a pause.
 */
final class ChannelRecorder implements RecorderSupervisor.Run, SegmentFileSink.Listener {
  /** A stop at a part's end waits this much past twice the part's target before it cuts the part short. */
  static final long PART_END_GRACE_MILLIS = 1_000;
  private final Context context;
  private final SerialExecutor writer;
  private final RecorderSupervisor.Events events;
  private final StreamLease lease;
  private final LiveParts parts;
  private boolean finished; // on the context

  ChannelRecorder(Context context, StreamHub hub, HlsService hls, SegmentStore store, Executor ioPool,
      RecorderOptions options, Clock clock, ChannelRef channel, DiskBacklog backlog,
      RecorderSupervisor.Events events) {
    this.context = context;
    this.events = events;
    this.writer = new SerialExecutor(ioPool);
    SegmentFileSink sink = new SegmentFileSink(channel, store, writer, options.inflightBytes(), clock, backlog, this);
    long target90k = options.segmentMs() * 90L;
    RecordingCutter cutter = new RecordingCutter(sink, backlog, target90k, target90k * 3,
        SegmenterOptions.DEFAULT_MAX_BYTES, why -> context.runOnContext(v -> fail(why)));
    StreamKey key = new StreamKey(channel.deviceId(), channel.channelId());
    this.lease = hub.lease(key);
    try {
      this.parts = hls.attachParts(key, lease.stream(), cutter);
    } catch (RuntimeException e) {
      lease.close(); // a run that cannot start must not hold the stream: its supervisor starts another
      throw e;
    }
  }

  /** Runs {@code task} where the cutter runs (the live muxer's context); a throw fails this run. For tests. */
  void onCutterContext(Runnable task) {
    parts.execute(task);
  }

  @Override
  public void committed(SegmentRecord segment) {
    events.committed(segment);
  }

  /** On the writer: the sink stopped; this run ends on its context and the supervisor is told. */
  @Override
  public void failed(String why) {
    context.runOnContext(v -> fail(why));
  }

  private void fail(String why) {
    if (finished) {
      return;
    }
    finished = true;
    parts.detach().onComplete(ar -> lease.close());
    events.failed(why);
  }

  /**
   * Stops now (the node is stopping): the open file gets the live part's bytes so far and is committed; completes
   * once it is on disk and indexed.
   */
  @Override
  public Future<Void> stop() {
    return stopAfter(LiveParts::detach);
  }

  /**
   * Stops at the end of the live part being written, within twice the part's target plus {@link
   * #PART_END_GRACE_MILLIS}: the file ends with that part whole, and the live window keeps the part the recorder
   * lent it (docs/architecture.md, "Live HLS"). Completes once the file is on disk and indexed.
   */
  @Override
  public Future<Void> stopAtPartEnd() {
    return stopAfter(p -> p.detachAtPartEnd(PART_END_GRACE_MILLIS));
  }

  private Future<Void> stopAfter(Function<LiveParts, Future<Void>> detaching) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      if (finished) { // stopping already, perhaps at a part's end: this stop's way ends it (a detach hurries it)
        detaching.apply(parts).onComplete(ar -> writer.execute(done::complete));
        return;
      }
      finished = true;
      detaching.apply(parts).onComplete(ar -> {
        try {
          lease.close();
        } finally {
          writer.execute(done::complete); // after the last commit: the writer runs in order
        }
      });
    });
    return done.future();
  }
}
