package dev.edgerelay.relay.thumbnail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.Codec;
import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.media.Timebase;
import dev.edgerelay.media.Track;
import dev.edgerelay.media.testing.Await;
import dev.edgerelay.media.testing.EncodedStreams;
import dev.edgerelay.media.testing.Eventually;
import dev.edgerelay.media.testing.SettableClock;
import dev.edgerelay.relay.hub.HubOptions;
import dev.edgerelay.relay.hub.StreamHub;
import dev.edgerelay.relay.hub.StreamKey;
import io.netty.buffer.Unpooled;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The Thumbnailer against a real libopenh264 keyframe, a real hub and FFmpeg in process. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ThumbnailerTest {
  private static final int WIDTH = 640;
  private static final int HEIGHT = 360;
  private static final StreamKey KEY = new StreamKey("1001", 1);
  @TempDir static Path dir;
  static Vertx vertx;
  static MediaUnit keyframe;

  /** A clock the test moves, for the cache's maximum age. */
  private final SettableClock clock = SettableClock.at(1_700_000_000_000L);
  private StreamHub hub;
  private Thumbnailer thumbnailer;

  @BeforeAll
  static void encodeClip(Vertx injected) throws Exception {
    vertx = injected;
    List<MediaUnit> units = EncodedStreams.readUnits(EncodedStreams.recordWithJavaCv(dir.resolve("clip.flv"), 10, 25,
        WIDTH, HEIGHT));
    for (MediaUnit u : units) {
      if (keyframe == null && u.track() == Track.VIDEO && u.keyframe()) {
        keyframe = u;
      } else {
        u.release();
      }
    }
    assertThat(keyframe).isNotNull();
  }

  @AfterAll
  static void release() throws Exception {
    keyframe.release();
  }

  @AfterEach
  void close() throws Exception {
    if (thumbnailer != null) {
      Await.result(thumbnailer.close().toCompletionStage());
      Await.result(hub.close().toCompletionStage());
    }
  }

  private void start(ThumbnailOptions options, MediaUnit published, long delayMillis) {
    List<MediaUnit> clip = published == null ? List.of() : List.of(published);
    hub = new StreamHub(vertx, new HubOptions(), k -> new ClipSource(vertx, clip, delayMillis, 0), clock);
    thumbnailer = new Thumbnailer(vertx, hub, options, 10_000, clock);
  }

  private static BufferedImage decode(Thumbnail t) throws Exception {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(t.jpeg()));
    assertThat(image).as("ImageIO reads the JPEG").isNotNull();
    return image;
  }

  private static ThumbnailException.Reason reasonOf(Future<?> future) {
    assertThat(Await.failure(future.toCompletionStage())).isInstanceOf(ThumbnailException.class);
    return ((ThumbnailException) future.cause()).reason();
  }

  @Test
  void shouldMakeAJpegWithTheStreamsDimensionsOnceAColdChannelSendsItsKeyframe() throws Exception {
    start(new ThumbnailOptions(), keyframe, 300);
    long started = System.nanoTime();

    Thumbnail thumbnail = Await.result(thumbnailer.thumbnail(KEY, 0).toCompletionStage());

    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    assertThat(tookMillis).isBetween(300L, ThumbnailOptions.DEFAULT_COLD_WAIT_MILLIS);
    assertThat(hub.find(KEY)).as("the request started the channel").isNotNull();
    BufferedImage image = decode(thumbnail);
    assertThat(image.getWidth()).isEqualTo(WIDTH);
    assertThat(image.getHeight()).isEqualTo(HEIGHT);
    assertThat(thumbnail.width()).isEqualTo(WIDTH);
    assertThat(thumbnail.height()).isEqualTo(HEIGHT);
    // the clip's checkerboard: dark and light 16-pixel squares, not a grey or black frame
    int light = (image.getRGB(8, 8) >> 16) & 0xFF;
    int dark = (image.getRGB(8 + 16, 8) >> 16) & 0xFF;
    assertThat(light - dark).as("red of neighbouring squares, painted 230 and 30").isGreaterThan(120);
  }

  @Test
  void shouldScaleToTheAskedWidthKeepingTheAspectRatio() throws Exception {
    start(new ThumbnailOptions(), keyframe, 1);

    BufferedImage half = decode(Await.result(thumbnailer.thumbnail(KEY, 320).toCompletionStage()));
    BufferedImage small = decode(Await.result(thumbnailer.thumbnail(KEY, 100).toCompletionStage()));

    assertThat(half.getWidth()).isEqualTo(320);
    assertThat(half.getHeight()).isEqualTo(180);
    assertThat(small.getWidth()).isEqualTo(100);
    assertThat(small.getHeight()).isEqualTo(56); // 360 * 100 / 640 = 56.25, even for 4:2:0
  }

  @Test
  void shouldShareOneDecodeAmongFiftyConcurrentRequests() throws Exception {
    start(new ThumbnailOptions(), keyframe, 1);
    Await.result(thumbnailer.thumbnail(new StreamKey("1001", 2), 0).toCompletionStage()); // warm the decoder and start nothing else
    long before = thumbnailer.decodes();

    List<Future<Thumbnail>> requests = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      requests.add(thumbnailer.thumbnail(KEY, 0));
    }
    Await.result(Future.all(requests).toCompletionStage());

    assertThat(thumbnailer.decodes() - before).isEqualTo(1);
    assertThat(requests).allSatisfy(f -> assertThat(f.result()).isSameAs(requests.get(0).result()));
  }

  @Test
  void shouldServeTheCachedImageUntilItsMaximumAgeThenDecodeAgain() throws Exception {
    start(new ThumbnailOptions().setMaxAgeMillis(5_000), keyframe, 1);
    Thumbnail first = Await.result(thumbnailer.thumbnail(KEY, 0).toCompletionStage());

    clock.advanceMillis(5_000);
    Thumbnail cached = Await.result(thumbnailer.thumbnail(KEY, 0).toCompletionStage());
    clock.advanceMillis(1);
    Thumbnail fresh = Await.result(thumbnailer.thumbnail(KEY, 0).toCompletionStage());

    assertThat(cached).isSameAs(first);
    assertThat(fresh).isNotSameAs(first);
    assertThat(thumbnailer.decodes()).isEqualTo(2);
  }

  @Test
  void shouldAnswerBusyAtOnceWhenEveryWorkerAndQueueSlotIsTaken() throws Exception {
    start(new ThumbnailOptions().setWorkers(1).setQueue(1), keyframe, 1);
    Await.result(thumbnailer.thumbnail(KEY, 0).toCompletionStage()); // the channel is running and the worker warm
    // that future completes inside the worker's task: wait for the worker to wait for work again, or the first
    // request below may take the queue slot and leave one success where the pool holds two
    Eventually.until("the thumbnail worker idle again", Duration.ofSeconds(10), () -> thumbnailer.pendingDecodes() == 0);

    List<Future<Thumbnail>> requests = new ArrayList<>();
    for (int width = 100; width < 140; width += 2) { // 20 different images: nothing to coalesce
      requests.add(thumbnailer.thumbnail(KEY, width));
    }

    List<Future<Thumbnail>> refused = requests.stream().filter(Future::failed).toList();
    assertThat(refused).as("refused before any wait").isNotEmpty();
    assertThat(refused).allSatisfy(f -> assertThat(reasonOf(f)).isEqualTo(ThumbnailException.Reason.BUSY));
    assertThat(refused.get(0).cause().getMessage()).startsWith("thumbnail pool busy, retry");
    Await.result(Future.join(requests).otherwiseEmpty().toCompletionStage()); // every request has finished, one way or the other
    // at least the one the queue slot took; the worker's own slot may still be finishing the warm-up task's last
    // steps when the first request comes, which a pool of one cannot tell from busy
    assertThat(requests.stream().filter(Future::succeeded).count()).isGreaterThanOrEqualTo(1);
    int refusedWidth = 100 + 2 * requests.indexOf(refused.get(0));
    // a refusal is not cached: asked again, the image is made. (Not "incomplete at once": a worker may finish a
    // 100-pixel image before a preempted test thread looks.)
    long decodesBefore = thumbnailer.decodes();
    assertThat(Await.result(thumbnailer.thumbnail(KEY, refusedWidth).toCompletionStage()).width()).as("a refusal is not cached")
        .isEqualTo(refusedWidth);
    assertThat(thumbnailer.decodes()).isEqualTo(decodesBefore + 1);
  }

  @Test
  void shouldFailWithADecodeErrorOnAKeyframeFfmpegCannotDecode() throws Exception {
    // an IDR slice with no parameter sets anywhere: the decoder has nothing to decode it with
    byte[] slice = {0, 0, 0, 6, 0x65, (byte) 0x88, (byte) 0x84, 0x21, (byte) 0xA0, 0x33};
    MediaUnit garbage = new MediaUnit(Codec.H264, Timebase.MILLIS, 0, 0, true, null, Unpooled.wrappedBuffer(slice), 0);
    start(new ThumbnailOptions(), garbage, 1);
    try {
      Future<Thumbnail> request = thumbnailer.thumbnail(KEY, 0);

      assertThat(reasonOf(request)).isEqualTo(ThumbnailException.Reason.DECODE_FAILED);
      assertThat(request.cause().getMessage()).startsWith("could not decode the keyframe");
    } finally {
      garbage.release();
    }
  }

  @Test
  void shouldAnswerNoKeyframeWhenAColdChannelSendsNothingBeforeTheDeadline() throws Exception {
    start(new ThumbnailOptions().setColdWaitMillis(400), null, 1);
    long started = System.nanoTime();

    Future<Thumbnail> request = thumbnailer.thumbnail(KEY, 0);

    assertThat(reasonOf(request)).isEqualTo(ThumbnailException.Reason.NO_KEYFRAME);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isBetween(400L, 5_000L);
    assertThat(request.cause().getMessage()).contains("sent no video keyframe within 400 ms");
  }

  @Test
  @Tag("interop")
  void shouldDecodeHighProfileKeyframesWithBFramesOneAfterAnotherOnOneTranscoder() throws Exception {
    EncodedStreams.assumeDebianFfmpeg();
    // x264 High with B-frames: the decoder holds pictures back for reordering, so each keyframe is drained
    List<MediaUnit> keyframes = new ArrayList<>();
    for (MediaUnit u : EncodedStreams.readUnits(EncodedStreams.recordWithFfmpegCli(dir.resolve("high.flv"), 4))) {
      if (u.track() == Track.VIDEO && u.keyframe()) {
        keyframes.add(u);
      } else {
        u.release();
      }
    }
    try (KeyframeTranscoder transcoder = new KeyframeTranscoder()) {
      assertThat(keyframes).hasSizeGreaterThanOrEqualTo(2);
      for (int round = 0; round < 2; round++) {
        for (MediaUnit unit : keyframes) {
          KeyframeTranscoder.Jpeg jpeg = transcoder.transcode(unit.codec(), ThumbnailPool.annexB(unit), 0);

          BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg.bytes()));
          assertThat(image.getWidth()).isEqualTo(1280);
          assertThat(image.getHeight()).isEqualTo(720);
        }
      }
    } finally {
      keyframes.forEach(MediaUnit::release);
    }
  }

  @Test
  void shouldAcceptOnlyEvenWidthsFrom16To1920() {
    assertThat(ThumbnailOptions.widthProblem(0)).isNull();
    assertThat(ThumbnailOptions.widthProblem(16)).isNull();
    assertThat(ThumbnailOptions.widthProblem(1920)).isNull();
    assertThat(ThumbnailOptions.widthProblem(14)).contains("even number of pixels from 16 to 1920");
    assertThat(ThumbnailOptions.widthProblem(321)).isNotNull();
    assertThat(ThumbnailOptions.widthProblem(1922)).isNotNull();
  }
}
