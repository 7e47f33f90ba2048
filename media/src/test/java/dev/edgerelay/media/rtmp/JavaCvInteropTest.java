package dev.edgerelay.media.rtmp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.Codec;
import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.media.rtmp.client.MediaUnitListener;
import dev.edgerelay.media.rtmp.client.RtmpClient;
import dev.edgerelay.media.rtmp.client.RtmpPull;
import dev.edgerelay.media.rtmp.server.LiveStream;
import dev.edgerelay.media.rtmp.server.RtmpAuthorizer;
import dev.edgerelay.media.rtmp.server.RtmpRequest;
import dev.edgerelay.media.rtmp.server.RtmpServer;
import dev.edgerelay.media.testing.Eventually;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** FFmpeg (JavaCV, in-process) against our server and client over real loopback sockets. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class JavaCvInteropTest {
  private static final int FRAMES = 50;
  private static final int GOP = 10;
  private static final Duration DEADLINE = Duration.ofSeconds(10);

  private final List<RtmpRequest> requests = new CopyOnWriteArrayList<>();
  private RtmpServer server;
  private RtmpClient client;

  @BeforeEach
  void start() throws Exception {
    RtmpAuthorizer recording = request -> {
      requests.add(request);
      return request.query().contains("token=good") ? null : "bad token";
    };
    server = RtmpServer.create(RtmpConfig.defaults(), recording).bind("127.0.0.1", 0);
    client = RtmpClient.create(RtmpConfig.defaults());
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  private String url(String name) {
    return "rtmp://127.0.0.1:" + server.port() + "/live/" + name + "?token=good";
  }

  @Test
  void shouldRelayFfmpegPublisherToOurClientFrameForFrame() throws Exception {
    RecordedMedia received = new RecordedMedia();
    List<MediaUnit> units = new CopyOnWriteArrayList<>();
    try (SyntheticCamera camera = new SyntheticCamera(url("cam1"), GOP)) {
      RtmpPull pull = client.play(url("cam1"), received);
      pull.started().get(10, TimeUnit.SECONDS);
      RtmpPull unitPull = client.play(url("cam1"), new MediaUnitListener("cam1", unit -> {
        units.add(unit.replace(Unpooled.EMPTY_BUFFER)); // keep what the unit was, not its bytes
        unit.release();
      }));
      unitPull.started().get(10, TimeUnit.SECONDS);
      for (int i = 0; i < FRAMES; i++) {
        camera.recordFrame();
      }
      camera.close();
      pull.finished().get(10, TimeUnit.SECONDS);
      unitPull.finished().get(10, TimeUnit.SECONDS);
    }
    List<RecordedMedia.Frame> video = received.videoFrames();
    assertThat(video).hasSize(FRAMES);
    // FFmpeg's FLV muxer shifts every timestamp by the AAC encoder delay (1024 samples, 23 ms) so that
    // no audio timestamp is negative: frame times match what was sent up to that one constant offset
    long shift = video.get(0).timestamp();
    assertThat(shift).isBetween(0L, 1024L * 1000 / SyntheticCamera.SAMPLE_RATE + 1);
    for (int i = 0; i < FRAMES; i++) {
      assertThat(video.get(i).timestamp() - shift).as("timestamp of frame %d", i).isEqualTo(i * 1000L / SyntheticCamera.FPS);
      assertThat(video.get(i).keyframe()).as("keyframe flag of frame %d", i).isEqualTo(i % GOP == 0);
    }
    // AAC frames are 1024 samples: 2 s of 44.1 kHz is 86 frames, plus the encoder's flush
    assertThat(received.audioFrames().size()).isBetween(FRAMES * SyntheticCamera.SAMPLE_RATE / SyntheticCamera.FPS / 1024,
        FRAMES * SyntheticCamera.SAMPLE_RATE / SyntheticCamera.FPS / 1024 + 3);
    assertThat(received.sequenceHeaders()).isEqualTo(2);
    // the same stream as codec-neutral units through the FLV mapping
    List<MediaUnit> videoUnits = units.stream().filter(u -> u.codec() == Codec.H264).toList();
    assertThat(videoUnits).hasSize(FRAMES);
    assertThat(videoUnits).allSatisfy(u -> assertThat(u.config()).isNotNull());
    for (int i = 0; i < FRAMES; i++) {
      assertThat(videoUnits.get(i).dts()).isEqualTo(video.get(i).timestamp());
      assertThat(videoUnits.get(i).keyframe()).isEqualTo(i % GOP == 0);
    }
    // FFmpeg's encoder flush may send an AAC tag with no frame in it (2 header bytes): it makes no unit.
    // A player that joins after the video sequence header but before the first keyframe waits for that
    // keyframe, so audio stamped before it may be skipped for one pull and not the other (a join race):
    // the units' audio is the same run of frames from the first keyframe on.
    List<Long> sentAudio = received.audioFrames().stream().filter(f -> f.size() > 2)
        .map(RecordedMedia.Frame::timestamp).toList();
    List<Long> unitAudio = units.stream().filter(u -> u.codec() == Codec.AAC).map(MediaUnit::dts).toList();
    assertThat(sentAudio).endsWith(unitAudio.toArray(Long[]::new));
    assertThat(unitAudio.size()).isGreaterThanOrEqualTo((int) sentAudio.stream().filter(t -> t >= shift).count());
    assertThat(received.metadata()).singleElement().satisfies(m -> assertThat(m.name()).isEqualTo("onMetaData"));
    assertThat(requests).extracting(RtmpRequest::action, RtmpRequest::app, RtmpRequest::streamName, RtmpRequest::query)
        .contains(org.assertj.core.groups.Tuple.tuple(RtmpRequest.Action.PUBLISH, "live", "cam1", "token=good"),
            org.assertj.core.groups.Tuple.tuple(RtmpRequest.Action.PLAY, "live", "cam1", "token=good"));
  }

  @Test
  void shouldServeFfmpegGrabberThatDecodesEveryFrameFromTheCachedKeyframe() throws Exception {
    SyntheticCamera camera = new SyntheticCamera(url("cam2"), 1000); // a long GOP, though openh264 may cut one
    RecordedMedia observer = new RecordedMedia(); // sees the whole stream, to know where GOPs start
    RtmpPull observing = client.play(url("cam2"), observer);
    observing.started().get(10, TimeUnit.SECONDS);
    for (int i = 0; i < FRAMES; i++) {
      camera.recordFrame();
    }
    // FFmpeg's interleaving queue holds the last few frames until the recorder stops
    Eventually.until("frames through the server", DEADLINE, () -> observer.videoFrames().size() >= FRAMES / 2);
    LiveStream stream = server.registry().find("live", "cam2");
    // unpublish once the grabber has joined: its queue then already holds the cached GOP
    CompletableFuture<Void> unpublished = CompletableFuture.runAsync(() -> {
      Eventually.until("grabber joined", DEADLINE, () -> stream.playerCount() == 2);
      try {
        camera.close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    List<Long> imageMillis = new ArrayList<>();
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(url("cam2"))) {
      grabber.setFormat("flv");
      grabber.setOption("rw_timeout", "10000000"); // microseconds: fail rather than hang if frames stop
      grabber.start();
      Frame frame;
      while ((frame = grabber.grab()) != null) {
        if (frame.image != null) {
          imageMillis.add(frame.timestamp / 1000);
        }
      }
    }
    unpublished.get(10, TimeUnit.SECONDS);
    observing.finished().get(10, TimeUnit.SECONDS);
    List<RecordedMedia.Frame> sent = observer.videoFrames();
    assertThat(sent).hasSize(FRAMES);
    assertThat(imageMillis).isNotEmpty();
    List<Long> sentMillis = sent.stream().map(RecordedMedia.Frame::timestamp).toList();
    int start = sentMillis.indexOf(imageMillis.get(0));
    assertThat(sent.get(start).keyframe()).as("the grabber starts at a keyframe from the GOP cache").isTrue();
    assertThat(imageMillis).as("every frame from there on decodes").isEqualTo(sentMillis.subList(start, FRAMES));
  }

  private LiveStream awaitStream(String name) {
    Eventually.until("stream " + name, DEADLINE, () -> server.registry().find("live", name) != null);
    return server.registry().find("live", name);
  }
}
