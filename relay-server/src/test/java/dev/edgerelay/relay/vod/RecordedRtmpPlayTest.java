package dev.edgerelay.relay.vod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.edgerelay.media.rtmp.RtmpConfig;
import dev.edgerelay.media.rtmp.client.RtmpClient;
import dev.edgerelay.media.rtmp.client.RtmpClientException;
import dev.edgerelay.media.rtmp.client.RtmpPlayListener;
import dev.edgerelay.media.rtmp.client.RtmpPull;
import dev.edgerelay.media.rtmp.message.MediaMessage;
import dev.edgerelay.media.rtmp.message.NetStatus;
import dev.edgerelay.media.testing.Await;
import dev.edgerelay.media.testing.EncodedStreams;
import dev.edgerelay.media.testing.Eventually;
import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.index.SegmentRecord;
import dev.edgerelay.recorder.index.VideoRecord;
import dev.edgerelay.relay.hub.StreamKey;
import dev.edgerelay.relay.rtmp.RecordedPlayOptions;
import dev.edgerelay.relay.testing.TestNode;
import dev.edgerelay.sim.CameraMode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recorded RTMP (spec 4.1 rvod) end to end: a loop camera (25 fps, 2 s GOP) is recorded twice with a gap
 * between, then get_video_info's rtmp_url is played by FFmpeg and by our own client.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class RecordedRtmpPlayTest {
  static final long FRAME_MILLIS = 40;
  /** Time between the two recordings: longer than a segment, so a player that waited it out would be seen. */
  static final long GAP_MILLIS = 3_000;
  static final ZoneId ZONE = ZoneId.systemDefault();
  @TempDir static Path dataDir;
  static TestNode node;
  static ChannelRef channel;
  static VideoRecord first;
  static VideoRecord second;
  static RtmpClient client;

  @BeforeAll
  static void recordTwoVideosWithAGap(Vertx vertx) throws Exception {
    node = TestNode.start(vertx, dataDir, o -> {
      o.sim().setCameras(1).setCameraMode(CameraMode.LOOP);
      o.hub().setIdleTimeoutMillis(2000);
      o.recorder().setSegmentMs(2000).setMinFreeMb(0).setVideoGapMs(1000);
      return o;
    });
    StreamKey key = node.channels().get(0);
    channel = new ChannelRef(key.deviceId(), key.channelId());
    client = RtmpClient.create(RtmpConfig.defaults());
    avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    record(3);
    Await.result(node.node.hub().stopNow(key).toCompletionStage()); // the next recording starts from a fresh pull
    long lastEnd = segments().get(segments().size() - 1).endMillis();
    Eventually.until("a gap of " + GAP_MILLIS + " ms to pass", Duration.ofMillis(GAP_MILLIS + 10_000),
        () -> System.currentTimeMillis() > lastEnd + GAP_MILLIS); // what is waited here the player must not wait
    record(5);
    List<VideoRecord> videos = node.node.recorder().catalog().videos(channel);
    assertThat(videos).hasSize(2);
    first = videos.get(0);
    second = videos.get(1);
  }

  /** Records until the index holds {@code segments} more segments, then stops. */
  static void record(int segments) throws Exception {
    int before = segments().size();
    assertThat(api("/ipc/video/record/record_video?" + ids() + "&action=1").getInteger("errno")).isZero();
    Eventually.until(segments + " more segments", Duration.ofSeconds(60), () -> segments().size() >= before + segments);
    assertThat(api("/ipc/video/record/record_video?" + ids() + "&action=0").getInteger("errno")).isZero();
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    node.close();
  }

  static List<SegmentRecord> segments() {
    return node.node.recorder().catalog().segments(channel, 0, Long.MAX_VALUE);
  }

  static String ids() {
    return "device_id=" + channel.deviceId() + "&channel_id=" + channel.channelId();
  }

  static JsonObject api(String pathAndQuery) throws Exception {
    return Await.result(node.http.get(node.node.httpPort(), "127.0.0.1", pathAndQuery)
        .putHeader("api-key", node.node.options().platform().apiKey()).send().toCompletionStage()).bodyAsJsonObject();
  }

  static String rvodToken() throws Exception {
    return api("/ipc/video/vod/get_play_token?" + ids()).getJsonObject("data").getString("token");
  }

  /** rtmp_url of get_video_info for {@code video}, with an rvod play token appended as spec 4.1 does. */
  static String rtmpUrl(VideoRecord video) throws Exception {
    JsonObject info = api("/ipc/video/vod/get_video_info?" + ids() + "&video_id=" + video.videoId()).getJsonObject("data");
    return info.getString("rtmp_url") + "?" + rvodToken();
  }

  static String rangeUrl(long from, long to, String query) {
    return "rtmp://127.0.0.1:" + node.node.lanRtmp().port() + "/rvod/" + channel + "-" + TimeRange.formatDigits(from, ZONE)
        + "-" + TimeRange.formatDigits(to, ZONE) + "?" + query;
  }

  @Test
  void shouldPlayTheRtmpUrlOfAVideoThatFfmpegDecodesFrameByFrame() throws Exception {
    int video = 0;
    int audio = 0;
    long firstTs = -1;
    long lastTs = -1;
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(rtmpUrl(first))) {
      g.setFormat("flv");
      g.start();
      assertThat(g.getImageWidth()).isEqualTo(640);
      for (Frame f; (f = g.grab()) != null; ) {
        if (f.image != null) {
          video++;
          firstTs = firstTs < 0 ? f.timestamp : firstTs;
          lastTs = f.timestamp;
        } else if (f.samples != null) {
          audio++;
        }
      }
    }
    assertThat(firstTs).as("timestamps start at 0").isLessThan(FRAME_MILLIS * 1000);
    assertThat((lastTs - firstTs) / 1000.0 + FRAME_MILLIS).as("decoded span vs the index, within one frame interval")
        .isCloseTo(first.durationMillis(), within((double) FRAME_MILLIS + 1));
    assertThat(video).as("every frame decoded").isEqualTo((int) Math.round(first.durationMillis() / (double) FRAME_MILLIS));
    assertThat(audio).isPositive();
  }

  /** Timestamps per message type and whether the play ended with Play.Stop. */
  record Received(List<Long> video, List<Long> audio) {}

  static Received play(String url) throws Exception {
    List<Long> video = new ArrayList<>();
    List<Long> audio = new ArrayList<>();
    RtmpPull pull = client.play(url, message -> {
      try {
        if (!message.isSequenceHeader()) {
          (message.isVideo() ? video : audio).add(message.timestamp());
        }
      } finally {
        message.release();
      }
    });
    pull.finished().get(90, TimeUnit.SECONDS); // completes normally at NetStream.Play.Stop
    return new Received(video, audio);
  }

  @Test
  void shouldPlayARangeAcrossTwoVideosWithMonotonicTimestampsAndNoWaitForTheGap() throws Exception {
    long gap = second.startMillis() - first.endMillis();
    assertThat(gap).as("the two recordings are apart").isGreaterThanOrEqualTo(GAP_MILLIS - 1_000);
    String url = rangeUrl(first.startMillis() - 60_000, second.endMillis() + 60_000, "key=" + node.node.options().platform().apiKey());

    long started = System.nanoTime();
    Received r = play(url);
    long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

    assertThat(r.video()).isSortedAccordingTo(Long::compare).first().isEqualTo(0L);
    assertThat(r.audio()).isNotEmpty().isSortedAccordingTo(Long::compare);
    long recorded = first.durationMillis() + second.durationMillis();
    assertThat(r.video().get(r.video().size() - 1) + FRAME_MILLIS).as("the gap is skipped, not waited out")
        .isCloseTo(recorded, within(2 * FRAME_MILLIS));
    assertThat(r.video()).hasSize((int) Math.round(recorded / (double) FRAME_MILLIS));
    assertThat(elapsedMillis).as("paced at real time, %d ms ahead", RecordedPlayOptions.DEFAULT_LEAD_MILLIS)
        .isGreaterThanOrEqualTo(recorded - RecordedPlayOptions.DEFAULT_LEAD_MILLIS - 2 * FRAME_MILLIS);
  }

  @Test
  void shouldAnswerStreamNotFoundForARangeWithoutRecording() throws Exception {
    RtmpPull pull = client.play(rangeUrl(946_684_800_000L, 946_688_400_000L, rvodToken()), MediaMessage::release);
    RtmpClientException e = failure(pull);
    assertThat(e.statusCode()).isEqualTo(NetStatus.PLAY_STREAM_NOT_FOUND);
    assertThat(e.getMessage()).contains("nothing of " + channel + " was recorded in this range");
  }

  @Test
  void shouldRefuseABadTokenAndALiveToken() throws Exception {
    String range = rangeUrl(first.startMillis(), first.endMillis() + 1000, "forged");
    RtmpClientException forged = failure(client.play(range, MediaMessage::release));
    assertThat(forged.statusCode()).isEqualTo(NetStatus.PLAY_FAILED);
    String live = node.playAddress(new StreamKey(channel.deviceId(), channel.channelId()), 0).getString("accessToken");
    RtmpClientException wrongScope = failure(client.play(range.replace("forged", live), MediaMessage::release));
    assertThat(wrongScope.statusCode()).isEqualTo(NetStatus.PLAY_FAILED);
    assertThat(wrongScope.getMessage()).contains("scope live").contains("get_play_token");
  }

  static RtmpClientException failure(RtmpPull pull) throws Exception {
    try {
      pull.started().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return (RtmpClientException) e.getCause();
    }
    throw new AssertionError("the play started");
  }

  @Test
  void shouldStopReadingAndReleaseEverythingWhenThePlayerLeavesMidPlay() throws Exception {
    CompletableFuture<Void> media = new CompletableFuture<>();
    RtmpPlayListener listener = message -> {
      message.release();
      media.complete(null);
    };
    RtmpPull pull = client.play(rangeUrl(first.startMillis(), second.endMillis() + 1000, rvodToken()), listener);
    media.get(30, TimeUnit.SECONDS);
    assertThat(node.node.recordedPlays().playing()).isEqualTo(1);

    pull.close();

    Eventually.until("the playback to close", Duration.ofSeconds(10), () -> node.node.recordedPlays().playing() == 0);
  }

  @Test
  void shouldAnswerPlayFailedNotTheEndWhenASegmentCannotBeRead() throws Exception {
    SegmentRecord segment = segments().get(0);
    Path file = node.node.recorder().catalog().file(segment);
    Path aside = file.resolveSibling(file.getFileName() + ".aside");
    Files.move(file, aside);
    Files.createDirectory(file); // opens for reading on Linux, then every read fails with EISDIR
    try {
      RtmpPull pull = client.play(rangeUrl(segment.startMillis(), segment.endMillis(), rvodToken()),
          MediaMessage::release);
      pull.started().get(30, TimeUnit.SECONDS);
      ExecutionException e = assertThrows(ExecutionException.class,
          () -> pull.finished().get(30, TimeUnit.SECONDS));
      RtmpClientException failed = (RtmpClientException) e.getCause();
      assertThat(failed.statusCode()).isEqualTo(NetStatus.PLAY_FAILED);
      assertThat(failed.getMessage()).contains("could not be read");
      Eventually.until("the playback to close", Duration.ofSeconds(10), () -> node.node.recordedPlays().playing() == 0);
    } finally {
      Files.delete(file);
      Files.move(aside, file);
    }
  }

  @Test
  void shouldSeekIntoTheMiddleWhenFfmpegAsks() throws Exception {
    long seeksBefore = node.node.recordedPlays().seeks();
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(rtmpUrl(second))) {
      g.setFormat("flv");
      g.start();
      long target = second.durationMillis() / 2 * 1000;
      g.setTimestamp(target);
      Frame f = g.grabImage();
      assertThat(f.timestamp).as("landed on the keyframe starting the segment that holds the target")
          .isBetween(target - 2_100_000L, target + 100_000L);
    }
    assertThat(node.node.recordedPlays().seeks()).as("FFmpeg's seek reached the node").isGreaterThan(seeksBefore);
  }

  @Test
  @Tag("interop")
  void shouldProbeTheRtmpUrlWithDebianFfprobe() throws Exception {
    Path ffprobe = Path.of("/usr/bin/ffprobe");
    if (!Files.isExecutable(ffprobe)) {
      System.out.println("skipped: Debian ffprobe not installed at " + ffprobe);
    }
    Assumptions.assumeTrue(Files.isExecutable(ffprobe), "Debian ffprobe not installed");
    Path out = dataDir.resolve("ffprobe-out.txt");
    Path err = dataDir.resolve("ffprobe-err.txt");
    Process p = new ProcessBuilder(ffprobe.toString(), "-v", "error", "-select_streams", "v:0", "-count_frames",
        "-show_entries", "stream=nb_read_frames,codec_name,width", "-of", "csv=p=0", rtmpUrl(first))
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readString(err)).as("ffprobe errors").isEmpty();
    assertThat(Files.readString(out).trim())
        .isEqualTo("h264,640," + Math.round(first.durationMillis() / (double) FRAME_MILLIS));
  }
  /** FFmpeg asks getStreamLength before play and warns "Unexpected reply" unless the answer carries a number. */
  @Test
  @Tag("interop")
  void shouldPlayTheRtmpUrlInDebiansFfmpegWithoutAWarning() throws Exception {
    EncodedStreams.assumeDebianFfmpeg();

    assertThat(EncodedStreams.ffmpegWarnings(rtmpUrl(first), 4)).isEmpty();
  }
}
