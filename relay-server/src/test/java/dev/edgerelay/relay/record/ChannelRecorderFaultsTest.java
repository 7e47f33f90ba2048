package dev.edgerelay.relay.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.media.Timebase;
import dev.edgerelay.media.testing.Await;
import dev.edgerelay.media.testing.EncodedStreams;
import dev.edgerelay.media.testing.Eventually;
import dev.edgerelay.media.testing.StallingExecutor;
import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.index.SegmentRecord;
import dev.edgerelay.recorder.store.DiskBacklog;
import dev.edgerelay.recorder.store.SegmentStore;
import dev.edgerelay.relay.hls.HlsOptions;
import dev.edgerelay.relay.hls.HlsService;
import dev.edgerelay.relay.hls.LiveSpool;
import dev.edgerelay.relay.hub.HubOptions;
import dev.edgerelay.media.stream.Stream;
import dev.edgerelay.relay.hub.StreamHub;
import dev.edgerelay.relay.hub.StreamSource;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real channel recorder (hub, live muxer, cutter, files, index) fed in real time: when its disk stalls the file
 * is closed early at a live part's boundary and recording resumes at a keyframe part, every file whole; when it
 * throws while cutting its run ends, the failure is shown, and after the shortened pause a new run records the
 * channel again.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChannelRecorderFaultsTest {
  static final ChannelRef CAM = new ChannelRef("7777", 0);
  static final Duration WITHIN = Duration.ofSeconds(30);
  static final long PAUSE = 200;
  @TempDir Path dir;
  List<MediaUnit> clip;
  SegmentStore store;
  ExecutorService io;
  StreamHub hub;
  HlsService hls;
  final List<ChannelRecorder> runs = new CopyOnWriteArrayList<>();
  final List<SegmentRecord> committed = new CopyOnWriteArrayList<>();

  /** Publishes a clip in real time, over and over, its timestamps running on from one pass to the next. */
  static final class LoopingClip implements StreamSource {
    private final Vertx vertx;
    private final List<MediaUnit> clip;
    private final long passMillis;
    private long timer = -1;
    private long startedNanos;
    private long next; // units published since the start, over all passes

    LoopingClip(Vertx vertx, List<MediaUnit> clip) {
      this.vertx = vertx;
      this.clip = clip;
      this.passMillis = clip.get(clip.size() - 1).dts() - clip.get(0).dts() + 40;
    }

    @Override
    public void start(Stream stream) {
      startedNanos = System.nanoTime();
      timer = vertx.setPeriodic(20, id -> {
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
        while (true) {
          MediaUnit u = clip.get((int) (next % clip.size()));
          long at = (next / clip.size()) * passMillis + u.dts() - clip.get(0).dts();
          if (at > elapsed) {
            return;
          }
          long shift = at - (u.dts() - clip.get(0).dts());
          stream.publish(new MediaUnit(u.codec(), u.timebase(), u.dts() + shift, u.pts() + shift, u.keyframe(),
              u.config(), u.payload().retainedDuplicate(), System.currentTimeMillis()));
          next++;
        }
      });
    }

    @Override
    public Future<Void> stop() {
      vertx.cancelTimer(timer);
      return Future.succeededFuture();
    }

    @Override
    public String describe() {
      return "a looping clip";
    }
  }

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    clip = EncodedStreams.readUnits(EncodedStreams.recordWithJavaCv(dir.resolve("clip.flv"), 50, 25, 320, 240));
    assertThat(clip.get(0).timebase()).isEqualTo(Timebase.MILLIS);
    store = SegmentStore.open(dir, 30_000);
    Files.createDirectories(store.files().root());
    io = Executors.newSingleThreadExecutor();
    hub = new StreamHub(vertx, new HubOptions(), key -> new LoopingClip(vertx, clip), Clock.systemUTC());
    hls = new HlsService(vertx, hub, new HlsOptions(), new HubOptions().readerLimits(),
        LiveSpool.open(dir.resolve(HlsOptions.SPOOL_SUBDIRECTORY)));
  }

  @AfterEach
  void stop() throws Exception {
    Await.result(hub.close().toCompletionStage());
    hls.close();
    io.shutdown();
    io.awaitTermination(10, TimeUnit.SECONDS);
    store.close();
    clip.forEach(MediaUnit::release);
  }

  RecorderSupervisor supervisor(Context context, RecorderOptions options, Executor disk, DiskBacklog backlog) {
    return new RecorderSupervisor(CAM, context.owner(), context, Clock.systemUTC(), PAUSE, 4 * PAUSE, backlog,
        events -> {
          ChannelRecorder run = new ChannelRecorder(context, hub, hls, store, disk, options, Clock.systemUTC(), CAM,
              backlog, events);
          runs.add(run);
          return run;
        }, committed::add);
  }

  @Test
  void shouldCloseTheSegmentEarlyWhenTheDiskStallsAndResumeAtAKeyframe(Vertx vertx) throws Exception {
    Context context = vertx.getOrCreateContext();
    StallingExecutor disk = new StallingExecutor(io);
    DiskBacklog backlog = new DiskBacklog(CAM);
    // cut at 128 KB queued, at a live part boundary: several parts of this small clip, and room for the next one
    RecorderSupervisor supervisor = supervisor(context, new RecorderOptions().setSegmentMs(1_000).setInflightKb(256),
        disk, backlog);
    supervisor.startOrRetry();
    Eventually.until("two recorded segments", WITHIN, () -> committed.size() >= 2);

    disk.stall();
    Eventually.until("the early cut", WITHIN, () -> backlog.earlyCuts() == 1);
    long skippedAtCut = backlog.skippedUnits();
    Eventually.until("units skipped while the disk is stalled", WITHIN, () -> backlog.skippedUnits() > skippedAtCut + 25);
    disk.resume();
    int beforeResume = committed.size();
    Eventually.until("recording resumed", WITHIN, () -> !backlog.behind() && committed.size() >= beforeResume + 2);
    Await.result(supervisor.stop().toCompletionStage());

    RecordingService.ChannelState facts = supervisor.facts();
    assertThat(facts.earlyCuts()).isEqualTo(1);
    assertThat(facts.skippedUnits()).isGreaterThan(25);
    assertThat(facts.abandonedSegments()).isZero();
    assertThat(facts.failures()).isZero();
    List<SegmentRecord> segments = store.index().segments().overlapping(CAM, 0, Long.MAX_VALUE);
    assertThat(segments).hasSameSizeAs(committed);
    // the first segment starts the video, the one after the cut is a discontinuity
    assertThat(segments.stream().filter(SegmentRecord::discontinuity).count()).isEqualTo(2);
    EncodedStreams.assumeDebianFfmpeg();
    for (SegmentRecord s : segments) {
      assertThat(EncodedStreams.decodedVideoFrames(store.file(s))).as("frames of %s", s).isPositive();
    }
  }

  @Test
  void shouldRestartARecorderThatThrewAfterThePauseAndRecordAgain(Vertx vertx) {
    Context context = vertx.getOrCreateContext();
    RecorderSupervisor supervisor = supervisor(context, new RecorderOptions().setSegmentMs(1_000), io,
        new DiskBacklog(CAM));
    supervisor.startOrRetry();
    Eventually.until("a first recorded segment", WITHIN, () -> committed.size() >= 1);

    // WHEN the recorder throws where it cuts the live parts into files
    runs.get(0).onCutterContext(() -> {
      throw new IllegalStateException("a bug while cutting");
    });

    RecordingService.ChannelState failed = Eventually.value("the failure", WITHIN, supervisor::facts,
        f -> f.failures() == 1);
    assertThat(failed.lastFailure()).startsWith("recording threw").contains("a bug while cutting");
    long before = committed.size();
    Eventually.until("a second run recording", WITHIN, () -> runs.size() == 2 && committed.size() > before + 1);
    assertThat(supervisor.facts().state()).isEqualTo("recording");
    assertThat(store.index().segments().overlapping(CAM, 0, Long.MAX_VALUE)).hasSameSizeAs(committed);
    Await.result(supervisor.stop().toCompletionStage());
  }
}
