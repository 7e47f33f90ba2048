package dev.edgerelay.relay.record;

import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.media.ts.SegmenterOptions;
import dev.edgerelay.media.ts.TsSegmenter;
import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.index.SegmentRecord;
import dev.edgerelay.recorder.store.DiskBacklog;
import dev.edgerelay.recorder.store.SegmentFileSink;
import dev.edgerelay.recorder.store.SegmentStore;
import dev.edgerelay.recorder.store.SerialExecutor;
import dev.edgerelay.media.ts.ProgramSegmenter;
import dev.edgerelay.relay.hub.ReaderContexts;
import dev.edgerelay.media.stream.ReaderLimits;
import dev.edgerelay.relay.hub.StreamHub;
import dev.edgerelay.relay.hub.StreamKey;
import dev.edgerelay.relay.hub.StreamLease;
import dev.edgerelay.media.stream.StreamListener;
import dev.edgerelay.media.stream.StreamReader;
import io.netty.buffer.PooledByteBufAllocator;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Clock;
import java.util.concurrent.Executor;

/**
 * Records one channel, one run of it: holds a {@link StreamLease} so the source runs whether or not anyone
 * watches, reads the stream on its supervisor's event-loop context, cuts keyframe-aligned TS segments (target
 * duration, 8 MB cap) and hands the bytes to a {@link SegmentFileSink} that writes them on a worker. When
 * the disk falls behind, {@link DiskBacklog} has the segment closed early and units skipped until a keyframe.
 * Any failure (a write or index error, an exception while segmenting) ends this run and is reported to
 * its {@link RecorderSupervisor}, which starts the next one after a pause.
 */
final class ChannelRecorder implements RecorderSupervisor.Run, StreamListener, SegmentFileSink.Listener {
  private final ChannelRef channel;
  private final Context context;
  private final SerialExecutor writer;
  private final SegmentFileSink sink;
  private final DiskBacklog backlog;
  private final RecorderSupervisor.Events events;
  private final StreamLease lease;
  private final StreamReader reader;
  private final ProgramSegmenter segmenter;
  private boolean finished; // on the context

  ChannelRecorder(Context context, StreamHub hub, SegmentStore store, Executor ioPool, RecorderOptions options,
      ReaderLimits limits, Clock clock, ChannelRef channel, DiskBacklog backlog, RecorderSupervisor.Events events) {
    this.channel = channel;
    this.context = context;
    this.backlog = backlog;
    this.events = events;
    this.writer = new SerialExecutor(ioPool);
    this.sink = new SegmentFileSink(channel, store, writer, options.inflightBytes(), clock, backlog, this);
    this.lease = hub.lease(new StreamKey(channel.deviceId(), channel.channelId()));
    long target90k = options.segmentMs() * 90L;
    this.segmenter = new ProgramSegmenter((program, firstSequence) -> new TsSegmenter(program,
        new SegmenterOptions().setTargetDuration90k(target90k).setMaxDuration90k(target90k * 3).setFirstSequence(firstSequence),
        PooledByteBufAllocator.DEFAULT, sink));
    try {
      this.reader = lease.stream().addReader("record", limits, task -> context.runOnContext(v -> task.run()), this);
    } catch (RuntimeException e) {
      lease.close(); // a run that cannot start must not hold the stream: its supervisor starts another
      throw e;
    }
  }

  @Override
  public void onUnit(MediaUnit unit) {
    if (finished) {
      unit.release();
      return;
    }
    try {
      switch (backlog.admit(unit, sink)) {
        case WRITE -> segmenter.accept(unit);
        case CUT -> {
          unit.release();
          segmenter.sourceRestarted(); // ends the segment at the last whole unit; the next is a discontinuity
        }
        case SKIP -> unit.release();
      }
    } catch (RuntimeException e) {
      fail("recording threw " + e);
    }
  }

  @Override
  public void onSourceRestart() {
    if (finished) {
      return;
    }
    try {
      segmenter.sourceRestarted(); // the segment ends; the next is a discontinuity
    } catch (RuntimeException e) {
      fail("recording threw " + e);
    }
  }

  /** The hub ended the stream under the lease (its source is gone): a failure of this run, retried after the pause. */
  @Override
  public void onStreamEnd() {
    fail("the stream ended");
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
    try {
      finishOnContext();
    } catch (RuntimeException e) {
      why += "; then cleaning up threw " + e;
    }
    events.failed(why);
  }

  /** Stops: the open segment is finished and committed; completes once it is on disk and indexed. */
  @Override
  public Future<Void> stop() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      try {
        finishOnContext();
      } finally {
        writer.execute(done::complete); // after the last commit: the writer runs in order
      }
    });
    return done.future();
  }

  private void finishOnContext() {
    if (finished) {
      return;
    }
    finished = true;
    reader.close();
    try {
      segmenter.finish();
    } finally {
      lease.close();
    }
  }
}
