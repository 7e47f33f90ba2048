package dev.edgerelay.media.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.Codec;
import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.media.Timebase;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

class StreamTest {
  private static final Executor SAME_THREAD = Runnable::run;

  /** Collects what a reader is told, keeping a readable trace: V* keyframe, V delta, A audio, R restart, E end. */
  private static final class Trace implements StreamListener {
    final List<String> events = new ArrayList<>();
    final List<MediaUnit> held = new ArrayList<>();

    @Override
    public void onUnit(MediaUnit unit) {
      events.add((unit.codec() == Codec.AAC ? "A" : unit.keyframe() ? "V*" : "V") + unit.dts());
      unit.release();
    }

    @Override
    public void onSourceRestart() {
      events.add("R");
    }

    @Override
    public void onStreamEnd() {
      events.add("E");
    }
  }

  /** Executor that holds tasks until told to run them: a reader whose thread is busy. */
  private static final class ManualExecutor implements Executor {
    final List<Runnable> tasks = new ArrayList<>();

    @Override
    public void execute(Runnable task) {
      tasks.add(task);
    }

    void runAll() {
      while (!tasks.isEmpty()) {
        tasks.remove(0).run();
      }
    }
  }

  private static MediaUnit video(long dts, boolean key, int size) {
    return new MediaUnit(Codec.H264, Timebase.MILLIS, dts, dts, key, null, Unpooled.buffer(size).writeZero(size), dts);
  }

  private static MediaUnit audio(long dts) {
    return new MediaUnit(Codec.AAC, Timebase.MILLIS, dts, dts, true, null, Unpooled.buffer(8).writeZero(8), dts);
  }

  private final Stream stream = new Stream("1001-1", GopLimits.DEFAULT, s -> {});

  @Test
  void shouldStartEachReaderAtTheNextVideoKeyframe() {
    Trace trace = new Trace();
    stream.publish(video(0, true, 10)); // before the reader joins
    stream.addReader("hls", ReaderLimits.DEFAULT, SAME_THREAD, trace);

    stream.publish(video(40, false, 10));
    stream.publish(audio(41));
    stream.publish(video(80, true, 10));
    stream.publish(audio(81));
    stream.publish(video(120, false, 10));

    // the last audio unit before the keyframe goes first: it tells the reader the stream carries audio
    assertThat(trace.events).containsExactly("A41", "V*80", "A81", "V120");
    // what came before its first keyframe was never the reader's to lose: not a drop
    assertThat(stream.readers().get(0).droppedUnits()).isZero();
  }

  @Test
  void shouldGiveTheLastAudioUnitOnlyBeforeTheFirstKeyframeAReaderStartsAt() {
    Trace trace = new Trace();
    stream.addReader("hls", ReaderLimits.DEFAULT, SAME_THREAD, trace);
    stream.publish(audio(1));
    stream.publish(video(40, true, 10));
    stream.publish(audio(41));
    stream.sourceRestarted();
    stream.publish(video(80, true, 10));

    assertThat(trace.events).containsExactly("A1", "V*40", "A41", "R", "V*80");
  }

  @Test
  void shouldDropTheBacklogOfASlowReaderAndResumeAtAKeyframeWithoutStallingOthers() {
    ManualExecutor slowThread = new ManualExecutor();
    Trace slow = new Trace();
    Trace fast = new Trace();
    StreamReader slowReader = stream.addReader("slow", new ReaderLimits(3, 1_000_000), slowThread, slow);
    stream.addReader("fast", ReaderLimits.DEFAULT, SAME_THREAD, fast);

    // WHEN the slow reader's thread is stuck while five units arrive (limit 3)
    stream.publish(video(0, true, 10));
    stream.publish(video(40, false, 10));
    stream.publish(video(80, false, 10));
    stream.publish(video(120, false, 10)); // overflows: backlog dropped, gate closes
    stream.publish(video(160, true, 10)); // next keyframe reopens it
    slowThread.runAll();

    // THEN the fast reader saw everything, the slow one resumed cleanly at the keyframe
    assertThat(fast.events).containsExactly("V*0", "V40", "V80", "V120", "V*160");
    assertThat(slow.events).containsExactly("V*160");
    assertThat(slowReader.droppedUnits()).isEqualTo(4);
  }

  @Test
  void shouldKeepCountingTheDropsOfAReaderThatLeft() {
    ManualExecutor stuck = new ManualExecutor();
    StreamReader reader = stream.addReader("leaves", new ReaderLimits(1, 1_000_000), stuck, new Trace());
    stream.publish(video(0, true, 10));
    stream.publish(video(40, false, 10)); // over the limit of 1: the backlog goes
    long dropped = stream.droppedUnits();

    reader.close(); // WHEN the reader leaves

    assertThat(dropped).isPositive();
    assertThat(stream.readerCount()).isZero();
    assertThat(stream.droppedUnits()).as("the stream's drops only grow").isEqualTo(dropped);
    stuck.runAll();
  }

  @Test
  void shouldBoundTheQueueInBytesToo() {
    ManualExecutor stuck = new ManualExecutor();
    Trace trace = new Trace();
    StreamReader reader = stream.addReader("r", new ReaderLimits(100, 25), stuck, trace);

    stream.publish(video(0, true, 10));
    stream.publish(video(40, false, 10));
    stream.publish(video(80, false, 10)); // 30 bytes > 25
    stuck.runAll();

    assertThat(trace.events).isEmpty();
    assertThat(reader.droppedUnits()).isEqualTo(3);
  }

  @Test
  void shouldTellReadersOfARestartInOrderAndWaitForAKeyframeAfterIt() {
    Trace trace = new Trace();
    stream.addReader("hls", ReaderLimits.DEFAULT, SAME_THREAD, trace);

    stream.publish(video(0, true, 10));
    stream.sourceRestarted();
    stream.publish(video(5, false, 10)); // a delta frame right after a reconnect cannot be decoded
    stream.publish(video(10, true, 10));
    stream.end();

    assertThat(trace.events).containsExactly("V*0", "R", "V*10", "E");
    assertThat(stream.readerCount()).isZero();
  }

  @Test
  void shouldKeepTheLatestKeyframeForThumbnailsAndReleaseItAtTheEnd() {
    MediaUnit first = video(0, true, 10);
    MediaUnit second = video(2000, true, 12);
    stream.publish(first);
    stream.publish(video(40, false, 10));
    stream.publish(second);

    MediaUnit kept = stream.latestKeyframe();
    assertThat(kept.dts()).isEqualTo(2000);
    assertThat(kept.content().readableBytes()).isEqualTo(12);
    kept.release();
    assertThat(first.refCnt()).isZero();

    stream.end();
    assertThat(second.refCnt()).isZero();
    assertThat(stream.latestKeyframe()).isNull();
  }

  @Test
  void shouldReleaseEveryUnitWhenReadersCloseWithABacklog() {
    ManualExecutor stuck = new ManualExecutor();
    StreamReader reader = stream.addReader("r", ReaderLimits.DEFAULT, stuck, new Trace());
    MediaUnit key = video(0, true, 10);
    MediaUnit delta = video(40, false, 10);
    stream.publish(key);
    stream.publish(delta);

    reader.close();
    stream.end();

    assertThat(key.refCnt()).isZero();
    assertThat(delta.refCnt()).isZero();
    assertThat(stream.readerCount()).isZero();
  }

  @Test
  void shouldAdmitAudioAsRandomAccessOnAnAudioOnlyStream() {
    Trace trace = new Trace();
    stream.addReader("hls", ReaderLimits.DEFAULT, SAME_THREAD, trace);

    stream.publish(audio(0));
    stream.publish(audio(23));

    assertThat(trace.events).containsExactly("A0", "A23");
  }

  @Test
  void shouldStartAnNginxLikeReaderWithAudioAtOnceAndVideoAtTheNextKeyframe() {
    stream.publish(video(0, true, 10));
    stream.publish(audio(1));
    stream.publish(video(40, false, 10)); // the reader joins in the middle of this GOP
    Trace player = new Trace();
    stream.addReader("rtmp", ReaderStart.AUDIO_NOW_VIDEO_AT_KEYFRAME, ReaderLimits.DEFAULT, SAME_THREAD, player);
    stream.publish(audio(41));
    stream.publish(video(80, false, 10));
    stream.publish(audio(81));
    stream.publish(video(120, true, 10));
    stream.publish(audio(121));
    stream.publish(video(160, false, 10));

    // no cached GOP, no last audio replayed before the keyframe: what nginx-rtmp sends a new subscriber
    assertThat(player.events).containsExactly("A41", "A81", "V*120", "A121", "V160");
    assertThat(stream.readers().get(0).droppedUnits()).isZero();
  }

  @Test
  void shouldStartAReaderFromTheCachedGopThenContinueLive() {
    stream.publish(video(0, true, 10));
    stream.publish(audio(1));
    stream.publish(video(40, false, 10));
    Trace player = new Trace();
    stream.addReader("rtmp", ReaderStart.CACHED_GOP, ReaderLimits.DEFAULT, SAME_THREAD, player);
    stream.publish(video(80, false, 10));

    assertThat(player.events).containsExactly("V*0", "A1", "V40", "V80");
  }

  @Test
  void shouldCacheWholeGopsOnlyOnceAReaderAskedForThemWhenSoLimited() {
    Stream lazy = new Stream("1001-3", GopLimits.ONCE_ASKED, s -> {});
    lazy.publish(video(0, true, 10));
    lazy.publish(video(40, false, 10));
    MediaUnit keyframe = lazy.latestKeyframe();
    assertThat(keyframe.dts()).isZero(); // the keyframe is kept for thumbnails all along
    keyframe.release();
    Trace first = new Trace();

    lazy.addReader("rtmp", ReaderStart.CACHED_GOP, ReaderLimits.DEFAULT, SAME_THREAD, first);
    lazy.publish(video(80, true, 10));
    lazy.publish(video(120, false, 10));
    Trace second = new Trace();
    lazy.addReader("rtmp", ReaderStart.CACHED_GOP, ReaderLimits.DEFAULT, SAME_THREAD, second);
    lazy.publish(video(160, false, 10));

    assertThat(first.events).containsExactly("V*80", "V120", "V160"); // no GOP was kept for it: the next keyframe
    assertThat(second.events).containsExactly("V*80", "V120", "V160"); // kept since the first asked: at once
    lazy.end();
  }

  @Test
  void shouldMakeAReaderFromTheCacheWaitForAKeyframeWhenTheGopOutgrewTheCache() {
    Stream small = new Stream("1001-2", new GopLimits(2, 1_000), s -> {});
    small.publish(video(0, true, 10));
    small.publish(video(40, false, 10));
    small.publish(video(80, false, 10)); // a third unit: the cache keeps only its keyframe
    Trace player = new Trace();
    small.addReader("rtmp", ReaderStart.CACHED_GOP, ReaderLimits.DEFAULT, SAME_THREAD, player);
    small.publish(video(120, false, 10));
    small.publish(video(160, true, 10));

    assertThat(player.events).containsExactly("V*160");
    MediaUnit kept = small.latestKeyframe(); // thumbnails still find the keyframe
    assertThat(kept.dts()).isEqualTo(160);
    kept.release();
    small.end();
  }

  @Test
  void shouldNotServeUnitsOfAnOldConnectionFromTheCacheAfterARestart() {
    stream.publish(video(0, true, 10));
    stream.sourceRestarted();
    stream.publish(video(5, false, 10));
    Trace player = new Trace();
    stream.addReader("rtmp", ReaderStart.CACHED_GOP, ReaderLimits.DEFAULT, SAME_THREAD, player);
    stream.publish(video(10, true, 10));

    assertThat(player.events).containsExactly("V*10");
    stream.end();
  }

  @Test
  void shouldDetachAReaderWhoseExecutorIsShutDownWithoutFailingTheSource() {
    Executor shutDown = task -> {
      throw new java.util.concurrent.RejectedExecutionException("event loop terminated");
    };
    stream.addReader("gone", ReaderLimits.DEFAULT, shutDown, new Trace());
    MediaUnit key = video(0, true, 10);

    stream.publish(key); // must not throw into the source

    assertThat(stream.readerCount()).isZero();
    assertThat(key.refCnt()).isEqualTo(1); // only the keyframe cache holds it
    stream.end();
    assertThat(key.refCnt()).isZero();
  }
}
