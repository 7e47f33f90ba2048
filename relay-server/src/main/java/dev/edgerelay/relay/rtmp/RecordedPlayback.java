package dev.edgerelay.relay.rtmp;

import dev.edgerelay.media.CodecConfig;
import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.media.flv.FlvTag;
import dev.edgerelay.media.flv.FlvTagType;
import dev.edgerelay.media.flv.FlvUnitEncoder;
import dev.edgerelay.media.rtmp.message.MediaMessage;
import dev.edgerelay.media.rtmp.message.MessageType;
import dev.edgerelay.media.rtmp.message.NetStatus;
import dev.edgerelay.media.rtmp.message.UserControlMessage;
import dev.edgerelay.media.rtmp.server.Playback;
import dev.edgerelay.media.rtmp.server.PlayerChannel;
import dev.edgerelay.media.Track;
import dev.edgerelay.recorder.index.SegmentRecord;
import dev.edgerelay.recorder.vod.RangeReader;
import dev.edgerelay.relay.cluster.SiteFanout;
import dev.edgerelay.relay.record.RecordingService;
import dev.edgerelay.relay.vod.RangeHolders;
import dev.edgerelay.relay.vod.RangeName;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One player of a recorded range over RTMP (spec 4.1 rvod). Every method runs on the player's event
 * loop; reads run on workers, one at a time, and hop back. Media goes out paced at real time from the
 * range start, {@link RecordedPlayOptions#leadMillis()} ahead; the demuxed units waiting to go are
 * bounded by {@link RecordedPlayOptions#readAheadBytes()}, and nothing is sent while the channel is
 * not writable. Timestamps start at 0 and skip the gaps between recordings ({@link RangeReader}).
 */
final class RecordedPlayback implements Playback {
  private static final Logger LOG = LoggerFactory.getLogger(RecordedPlayback.class);

  private enum State { RESOLVING, PLAYING, PAUSED, ENDED, CLOSED }

  private final RecordingService recorder;
  private final SiteFanout fanout;
  private final RangeName range;
  private final PlayerChannel player;
  private final RecordedPlayOptions options;
  private final RecordedPlays.Counters counters;
  private final ArrayDeque<MediaUnit> queue = new ArrayDeque<>();
  private final CodecConfig[] sentConfigs = new CodecConfig[Track.values().length];
  private State state = State.RESOLVING;
  private List<SegmentRecord> segments;
  private long[] timeline;
  private RangeReader reader;
  private boolean reading;
  private boolean readerDone;
  private long queuedBytes;
  private boolean metadataSent;
  private boolean videoStarted;
  /** Timeline position {@link #clockStartPosition} was at when the monotonic clock read {@link #clockStartNanos}. */
  private long clockStartNanos;
  private long clockStartPosition;
  private long pausedAt;
  private ScheduledFuture<?> wakeUp;

  RecordedPlayback(RecordingService recorder, SiteFanout fanout, RangeName range, PlayerChannel player, RecordedPlayOptions options,
      RecordedPlays.Counters counters) {
    this.recorder = recorder;
    this.fanout = fanout;
    this.range = range;
    this.player = player;
    this.options = options;
    this.counters = counters;
  }

  /** Looks the range up in the index on a worker, then answers the play. */
  void start() {
    Future<List<SegmentRecord>> local = recorder.blocking(() -> recorder.catalog().segments(range.channel(),
        range.range().fromMillis(), range.range().toMillis()));
    // on a site of nodes this play is this node's part of the range; the status names the nodes holding the rest
    Future<RangeHolders> others = RangeHolders.of(fanout, range);
    Future.join(local, others).onComplete(joined -> player.eventLoop().execute(() -> {
          AsyncResult<List<SegmentRecord>> ar = local;
          String elsewhere = others.result().sentence();
          if (state != State.RESOLVING) {
            return; // the player left meanwhile
          }
          if (ar.failed()) {
            LOG.warn("{}: rvod lookup of {} failed: {}", player, range, ar.cause().toString());
            player.status(NetStatus.LEVEL_ERROR, NetStatus.PLAY_FAILED, "the recording index could not be read: retry");
            state = State.ENDED;
          } else if (ar.result().isEmpty()) {
            player.status(NetStatus.LEVEL_ERROR, NetStatus.PLAY_STREAM_NOT_FOUND, "nothing of " + range.channel()
                + " was recorded in this range on this node" + elsewhere + ": get_video_list shows what there is");
            state = State.ENDED;
          } else {
            begin(ar.result(), elsewhere);
          }
        }));
  }

  private void begin(List<SegmentRecord> found, String elsewhere) {
    segments = found;
    timeline = RangeReader.timeline(found);
    player.userControl(UserControlMessage.STREAM_IS_RECORDED); // spec 7.1.7: players may seek and pause
    player.userControl(UserControlMessage.STREAM_BEGIN);
    player.status(NetStatus.LEVEL_STATUS, NetStatus.PLAY_RESET, "Playing and resetting " + range.channel());
    player.status(NetStatus.LEVEL_STATUS, NetStatus.PLAY_START, "Started playing " + found.size()
        + " recorded segments of " + range.channel() + elsewhere);
    LOG.info("{}: playing {} segments of {} ({} ms)", player, found.size(), range.channel(), length());
    startAt(0);
  }

  /** Reads from the segment holding {@code position}; the clock restarts at that segment's start. */
  private void startAt(long position) {
    int first = RangeReader.segmentAt(timeline, position);
    stopReading();
    reader = recorder.catalog().reader(segments, first, options.readChunkBytes());
    readerDone = false;
    videoStarted = false;
    Arrays.fill(sentConfigs, null); // a decoder reset after a seek needs the sequence headers again
    clockStartPosition = timeline[first];
    clockStartNanos = System.nanoTime();
    state = State.PLAYING;
    pump();
  }

  private long length() {
    return timeline[timeline.length - 1];
  }

  private long position() {
    return clockStartPosition + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - clockStartNanos);
  }

  /** Sends what is due while the channel takes it, reads ahead within the bound, ends after the last unit. */
  private void pump() {
    if (state != State.PLAYING) {
      return;
    }
    cancelWakeUp();
    long horizon = position() + options.leadMillis();
    boolean wrote = false;
    while (player.writable() && !queue.isEmpty()) {
      MediaUnit next = queue.peek();
      if (next.dts() > horizon) {
        wakeUp = player.eventLoop().schedule(this::pump, next.dts() - horizon, TimeUnit.MILLISECONDS);
        break;
      }
      queue.poll();
      queuedBytes -= next.payload().readableBytes();
      wrote |= send(next);
    }
    if (wrote) {
      player.flush();
    }
    if (!reading && !readerDone && queuedBytes < options.readAheadBytes()) {
      read();
    } else if (readerDone && queue.isEmpty()) {
      end();
    }
  }

  private void read() {
    reading = true;
    RangeReader current = reader;
    recorder.blocking(current).onComplete(ar -> player.eventLoop().execute(() -> {
      if (current != reader || state == State.CLOSED) {
        if (ar.succeeded()) {
          ar.result().release(); // a seek or a disconnect overtook this read
        }
        return;
      }
      reading = false;
      if (ar.failed()) {
        fail(ar.cause());
        return;
      }
      for (MediaUnit u : ar.result().units()) {
        queue.add(u);
        queuedBytes += u.payload().readableBytes();
      }
      readerDone = ar.result().end();
      pump();
    }));
  }

  /** Frames go out as FLV tags, each track's sequence header first and again whenever its config changes. */
  private boolean send(MediaUnit unit) {
    try {
      if (unit.track() == Track.VIDEO && !videoStarted) {
        if (!unit.keyframe() || unit.config() == null) {
          return false; // a decoder can start only at a keyframe with its parameter sets
        }
        videoStarted = true;
      }
      if (unit.config() == null) {
        return false;
      }
      if (!metadataSent) {
        player.write(RecordedMetadata.of(player.streamId(), length(), unit, queue));
        metadataSent = true;
      }
      int track = unit.track().ordinal();
      if (!unit.config().sameAs(sentConfigs[track])) {
        sentConfigs[track] = unit.config();
        player.write(message(FlvUnitEncoder.sequenceHeader(unit.config(), unit.dts(), ByteBufAllocator.DEFAULT)));
      }
      player.write(message(FlvUnitEncoder.encode(unit, ByteBufAllocator.DEFAULT)));
      return true;
    } finally {
      unit.release();
    }
  }

  private MediaMessage message(FlvTag tag) {
    int type = tag.type() == FlvTagType.VIDEO ? MessageType.VIDEO : MessageType.AUDIO;
    return new MediaMessage(type, tag.timestamp(), player.streamId(), tag.content());
  }

  private void end() {
    state = State.ENDED;
    stopReading();
    player.userControl(UserControlMessage.STREAM_EOF);
    player.status(NetStatus.LEVEL_STATUS, NetStatus.PLAY_STOP, "Stopped playing: the end of the recorded range");
    LOG.info("{}: rvod of {} played to its end", player, range.channel());
  }

  /**
   * A read failed (I/O error on a segment file): the player is told it failed, not that the range ended,
   * and what was read ahead is dropped, since it would stop short of the range's end anyway.
   */
  private void fail(Throwable cause) {
    LOG.warn("{}: reading {} failed: {}", player, range, cause.toString());
    state = State.ENDED;
    stopReading();
    player.userControl(UserControlMessage.STREAM_EOF);
    player.status(NetStatus.LEVEL_ERROR, NetStatus.PLAY_FAILED, "a recording of " + range.channel()
        + " could not be read on the node: play again, or play the range after it (get_video_list)");
  }

  @Override
  public void writable() {
    pump();
  }

  @Override
  public void seek(long millis) {
    if (segments == null || state == State.CLOSED) {
      player.status(NetStatus.LEVEL_ERROR, NetStatus.SEEK_FAILED, "nothing is playing yet to seek in");
      return;
    }
    boolean paused = state == State.PAUSED;
    LOG.info("{}: seek to {} ms of {}", player, millis, range.channel());
    counters.seeks().increment();
    long target = Math.min(Math.max(0, millis), Math.max(0, length() - 1));
    player.userControl(UserControlMessage.STREAM_BEGIN);
    player.status(NetStatus.LEVEL_STATUS, NetStatus.SEEK_NOTIFY, "Seeking to " + target + " ms of " + range.channel());
    player.status(NetStatus.LEVEL_STATUS, NetStatus.PLAY_START, "Started playing at " + target + " ms");
    startAt(target);
    if (paused) {
      pausedAt = clockStartPosition;
      state = State.PAUSED;
      cancelWakeUp();
    }
  }

  @Override
  public void pause(boolean pause, long millis) {
    if (pause && state == State.PLAYING) {
      pausedAt = position();
      state = State.PAUSED;
      cancelWakeUp();
      player.status(NetStatus.LEVEL_STATUS, NetStatus.PAUSE_NOTIFY, "Paused at " + pausedAt + " ms");
    } else if (!pause && state == State.PAUSED) {
      clockStartPosition = pausedAt;
      clockStartNanos = System.nanoTime();
      state = State.PLAYING;
      player.status(NetStatus.LEVEL_STATUS, NetStatus.UNPAUSE_NOTIFY, "Resumed at " + pausedAt + " ms");
      pump();
    }
  }

  @Override
  public void close() {
    if (state == State.CLOSED) {
      return;
    }
    state = State.CLOSED;
    stopReading();
    counters.playing().decrementAndGet();
  }

  /**
   * Drops the reader (closed on a worker; a read in flight cleans up after itself) and every unit waiting
   * to be sent.
   */
  private void stopReading() {
    cancelWakeUp();
    if (reader != null) {
      RangeReader closing = reader;
      reader = null;
      recorder.blocking(() -> { // closing the segment file is a system call: not on the event loop
        closing.close();
        return null;
      });
    }
    reading = false;
    MediaUnit u;
    while ((u = queue.poll()) != null) {
      u.release();
    }
    queuedBytes = 0;
  }

  private void cancelWakeUp() {
    if (wakeUp != null) {
      wakeUp.cancel(false);
      wakeUp = null;
    }
  }
}
