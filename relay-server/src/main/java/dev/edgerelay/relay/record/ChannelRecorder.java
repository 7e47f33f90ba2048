package dev.edgerelay.relay.record;

import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.media.ts.SegmenterOptions;
import dev.edgerelay.media.ts.TsSegmenter;
import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.index.SegmentRecord;
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
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Records one channel (issue 6): holds a {@link StreamLease} so the source runs whether or not anyone
 * watches, reads the stream on its own event-loop context, cuts keyframe-aligned TS segments (target
 * duration, 8 MB cap) and hands the bytes to a {@link SegmentFileSink} that writes them on a worker.
 */
final class ChannelRecorder implements StreamListener, SegmentFileSink.Listener {
  enum State { RECORDING, FAILED, STOPPED }

  private final ChannelRef channel;
  private final RecorderOptions options;
  private final Context context;
  private final SerialExecutor writer;
  private final SegmentFileSink sink;
  private final Consumer<SegmentRecord> onCommitted;
  private final StreamLease lease;
  private final StreamReader reader;
  private final AtomicLong segments = new AtomicLong();
  private volatile State state = State.RECORDING;
  private volatile String reason;
  private final ProgramSegmenter segmenter;

  ChannelRecorder(Vertx vertx, StreamHub hub, SegmentStore store, Executor ioPool, RecorderOptions options,
      ReaderLimits limits, Clock clock, ChannelRef channel, Consumer<SegmentRecord> onCommitted) {
    this.channel = channel;
    this.options = options;
    this.onCommitted = onCommitted;
    this.context = ReaderContexts.next(vertx); // its own event loop, in turn: not the caller's
    this.writer = new SerialExecutor(ioPool);
    this.sink = new SegmentFileSink(channel, store, writer, options.inflightBytes(), clock, this);
    this.lease = hub.lease(new StreamKey(channel.deviceId(), channel.channelId()));
    long target90k = options.segmentMs() * 90L;
    this.segmenter = new ProgramSegmenter((program, firstSequence) -> new TsSegmenter(program,
        new SegmenterOptions().targetDuration90k(target90k).maxDuration90k(target90k * 3).firstSequence(firstSequence),
        PooledByteBufAllocator.DEFAULT, sink));
    this.reader = lease.stream().addReader("record", limits, task -> context.runOnContext(v -> task.run()), this);
  }

  ChannelRef channel() {
    return channel;
  }

  State state() {
    return state;
  }

  /** Why recording failed, or null. */
  String reason() {
    return reason;
  }

  long segments() {
    return segments.get();
  }

  long droppedBytes() {
    return sink.droppedBytes();
  }

  @Override
  public void onUnit(MediaUnit unit) {
    if (state != State.RECORDING) {
      unit.release();
      return;
    }
    segmenter.accept(unit);
  }

  @Override
  public void onSourceRestart() {
    segmenter.sourceRestarted(); // the segment ends; the next is a discontinuity
  }

  @Override
  public void onStreamEnd() {
    finishOnContext();
  }

  @Override
  public void committed(SegmentRecord segment) {
    segments.incrementAndGet();
    onCommitted.accept(segment);
  }

  @Override
  public void failed(String why) {
    reason = why;
    state = State.FAILED;
    context.runOnContext(v -> {
      finishOnContext();
      state = State.FAILED;
    });
  }

  /** Stops: the open segment is finished and committed; completes once it is on disk and indexed. */
  Future<Void> stop() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      finishOnContext();
      writer.execute(done::complete); // after the last commit: the writer runs in order
    });
    return done.future();
  }

  private void finishOnContext() {
    if (state == State.RECORDING) {
      state = State.STOPPED;
    }
    reader.close();
    segmenter.finish();
    lease.close();
  }
}
