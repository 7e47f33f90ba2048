package dev.edgerelay.relay.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.edgerelay.media.testing.Await;
import dev.edgerelay.media.testing.Eventually;
import dev.edgerelay.relay.testing.TestNode;
import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.index.SegmentRecord;
import dev.edgerelay.recorder.index.VideoRecord;
import dev.edgerelay.relay.EdgeNode;
import dev.edgerelay.relay.channels.ServedDevice;
import dev.edgerelay.relay.config.NodeOptions;
import dev.edgerelay.relay.vod.TimeRange;
import dev.edgerelay.sim.CameraMode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recording and VOD end to end on one node and the embedded emulator (loop cameras, 2 s GOP): record a channel
 * through record_video, then list, play (per-video and rvod HLS decoded by FFmpeg, with seeking),
 * fetch byte ranges, export MP4, rename and delete through the platform's VOD API shapes.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RecordingNodeTest {
  /** Loop cameras run 25 fps. */
  static final long FRAME_MICROS = 40_000;
  @TempDir static Path dataDir;
  static Vertx vertx;
  static EdgeNode node;
  static WebClient http;
  static ChannelRef channel;
  static VideoRecord video;
  /** The node's --time-zone, set apart from the machine's so that every wall-clock time below proves it is used. */
  static final ZoneId ZONE = ZoneId.of(ZoneId.systemDefault().getId().equals("Asia/Tokyo") ? "Europe/Berlin"
      : "Asia/Tokyo");

  @BeforeAll
  static void start(Vertx injected) throws Exception {
    vertx = injected;
    int port = TestNode.freePortPair();
    NodeOptions options = new NodeOptions().setHttpPort(port).setRtmpPort(port + 1).setBindHost("127.0.0.1")
        .setDataDir(dataDir.toString()).setTimeZone(ZONE.getId());
    options.sim().setHttpPort(0).setRtmpPort(0).setCameras(2).setCameraMode(CameraMode.LOOP);
    options.hub().setIdleTimeoutMillis(2000);
    options.recorder().setSegmentMs(2000).setMinFreeMb(0);
    node = Await.result(EdgeNode.start(vertx, options).toCompletionStage());
    http = WebClient.create(vertx);
    ServedDevice d = node.directory().devices().iterator().next();
    channel = new ChannelRef(d.id(), d.channels().get(0).channelId());
    avutil.av_log_set_level(avutil.AV_LOG_ERROR);
  }

  @AfterAll
  static void stop() throws Exception {
    Await.result(node.close().toCompletionStage());
  }

  static String base() {
    return "http://127.0.0.1:" + node.httpPort();
  }

  static HttpResponse<Buffer> get(String pathAndQuery) throws Exception {
    return Await.result(http.getAbs(base() + pathAndQuery).putHeader("api-key", node.options().platform().apiKey()).send().toCompletionStage());
  }

  static JsonObject api(String pathAndQuery) throws Exception {
    return get(pathAndQuery).bodyAsJsonObject();
  }

  static String ids() {
    return "device_id=" + channel.deviceId() + "&channel_id=" + channel.channelId();
  }

  static long indexedSegments() {
    return node.recorder().catalog().segments(channel, 0, Long.MAX_VALUE).size();
  }

  @Test
  @Order(1)
  void shouldRecordAChannelNobodyWatchesUntilStopped() throws Exception {
    assertThat(api("/ipc/video/record/record_video?product_id=" + node.options().platform().productId() + "&" + ids()
        + "&action=1").getInteger("errno")).isZero();
    assertThat(node.recorder().recording(channel)).isTrue();

    Eventually.until("four recorded segments", Duration.ofSeconds(60), () -> indexedSegments() >= 4);
    String growing = playlistOf(node.recorder().catalog().videos(channel).get(0));
    assertThat(growing).as("a video still recording is an EVENT playlist players reload")
        .contains("#EXT-X-PLAYLIST-TYPE:EVENT").contains("#EXT-X-TARGETDURATION:4").doesNotContain("#EXT-X-ENDLIST");
    assertThat(api("/ipc/video/record/record_video?" + ids() + "&action=0").getInteger("errno")).isZero();

    assertThat(node.recorder().recording(channel)).isFalse();
    List<SegmentRecord> segments = node.recorder().catalog().segments(channel, 0, Long.MAX_VALUE);
    assertThat(segments).hasSizeGreaterThanOrEqualTo(4);
    for (int i = 0; i < segments.size(); i++) {
      SegmentRecord s = segments.get(i);
      Path file = node.recorder().catalog().file(s);
      assertThat(file).exists();
      assertThat(Files.size(file)).isEqualTo(s.sizeBytes()).isLessThanOrEqualTo(8L * 1024 * 1024);
      assertThat(file.getFileName().toString()).isEqualTo(s.startMillis() + "-" + s.durationMillis() + ".ts");
      if (i < segments.size() - 1) { // the last one ends where recording stopped
        assertThat(s.durationMillis()).as("cut on a 2 s GOP once 2 s are reached: %s", segments)
            .isBetween(1_900L, 4_100L);
      }
    }
    try (var parts = Files.walk(dataDir.resolve("recordings"))) {
      assertThat(parts.filter(p -> p.toString().endsWith(".part"))).as("no open segment after stop").isEmpty();
    }
    List<VideoRecord> videos = node.recorder().catalog().videos(channel);
    assertThat(videos).hasSize(1);
    video = videos.get(0);
    assertThat(video.segments()).isEqualTo(segments.size());
    assertThat(video.endMillis() - video.startMillis()).as("segments tile the video: no gap, no overlap")
        .isCloseTo(segments.stream().mapToLong(SegmentRecord::durationMillis).sum(), within((long) segments.size()));
    assertThat(playlistOf(video)).as("once recording stopped, the same video is VOD with an end")
        .contains("#EXT-X-PLAYLIST-TYPE:VOD").contains("#EXT-X-ENDLIST");
  }

  /** The text of a video's HLS playlist, fetched with its play token (spec 6.5). */
  static String playlistOf(VideoRecord v) throws Exception {
    String token = api("/ipc/video/vod/get_play_token?" + ids() + "&video_id=" + v.videoId())
        .getJsonObject("data").getString("token");
    HttpResponse<Buffer> playlist = Await.result(http.getAbs(base() + "/vod/" + channel + "-" + v.videoId()
        + "/index.m3u8?" + token).send().toCompletionStage());
    assertThat(playlist.statusCode()).isEqualTo(200);
    return playlist.bodyAsString();
  }

  @Test
  @Order(2)
  void shouldListAndDescribeTheVideoInThePlatformsShapes() throws Exception {
    JsonObject list = api("/ipc/video/vod/get_video_list?" + ids() + "&page_start=1&page_size=10");
    assertThat(list.getInteger("errno")).isZero();
    JsonArray videos = list.getJsonObject("data").getJsonArray("videos");
    assertThat(videos).hasSize(1);
    assertThat(videos.getJsonObject(0).getString("videoid")).isEqualTo(Long.toString(video.videoId()));
    assertThat(list.getJsonObject("page_info").getInteger("total_num")).isEqualTo(1);

    String day = TimeRange.formatWire(video.startMillis() - 3_600_000, ZONE);
    assertThat(api("/ipc/video/vod/get_video_list?" + ids() + "&start_time=" + enc(day)).getJsonObject("data")
        .getJsonArray("videos")).hasSize(1);
    String after = TimeRange.formatWire(video.endMillis() + 60_000, ZONE);
    assertThat(api("/ipc/video/vod/get_video_list?" + ids() + "&start_time=" + enc(after)).getJsonObject("data")
        .getJsonArray("videos")).isEmpty();

    JsonObject info = api("/ipc/video/vod/get_video_info?" + ids() + "&video_id=" + video.videoId())
        .getJsonObject("data");
    assertThat(info.getString("durtion")).isEqualTo(Long.toString(video.durationMillis() / 1000));
    assertThat(info.getString("hls_url")).isEqualTo(base() + "/vod/" + channel + "-" + video.videoId() + "/index.m3u8");
    assertThat(info.getString("rtmp_url")).startsWith("rtmp://127.0.0.1:" + (node.httpPort() + 1) + "/rvod/" + channel);
  }

  @Test
  @Order(2)
  void shouldAnswerAPagePastTheEndWhoseOffsetOverflowsAnIntWithAnEmptyPage() throws Exception {
    JsonObject list = api("/ipc/video/vod/get_video_list?" + ids() + "&page_start=2147483647&page_size=100");

    assertThat(list.getInteger("errno")).as(list.toString()).isZero();
    assertThat(list.getJsonObject("data").getJsonArray("videos")).isEmpty();
    assertThat(list.getJsonObject("page_info")).isEqualTo(new JsonObject().put("total_num", 1).put("page_total", 1)
        .put("page_size", 100).put("current_page", 2147483647));
  }

  static String enc(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** Decodes every frame of an HLS URL: the span of video timestamps (us), frames, and a mid seek. */
  record Decoded(long spanMicros, int videoFrames, int audioFrames, long seekLandedMicros, long seekTargetMicros) {}

  static Decoded decode(String url) throws Exception {
    long first = -1;
    long last = -1;
    int video = 0;
    int audio = 0;
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(url)) {
      g.start();
      assertThat(g.getImageWidth()).isEqualTo(640);
      for (Frame f; (f = g.grab()) != null; ) {
        if (f.image != null) {
          video++;
          first = first < 0 ? f.timestamp : first;
          last = f.timestamp;
        } else if (f.samples != null) {
          audio++;
        }
      }
    }
    long target;
    long landed;
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(url)) {
      g.start();
      target = (last - first) / 2; // setTimestamp counts from the start, frames carry the stream's own time
      g.setTimestamp(target);
      Frame f = g.grabImage();
      landed = f.timestamp - first;
    }
    return new Decoded(last - first + FRAME_MICROS, video, audio, landed, target);
  }

  @Test
  @Order(3)
  void shouldPlayTheVideoAsHlsVodThatFfmpegDecodesAndSeeks() throws Exception {
    String token = api("/ipc/video/vod/get_play_token?" + ids() + "&video_id=" + video.videoId())
        .getJsonObject("data").getString("token");
    String url = base() + "/vod/" + channel + "-" + video.videoId() + "/index.m3u8?" + token;
    HttpResponse<Buffer> playlist = Await.result(http.getAbs(url).send().toCompletionStage());
    assertThat(playlist.statusCode()).isEqualTo(200);
    assertThat(playlist.bodyAsString()).contains("#EXT-X-PLAYLIST-TYPE:VOD").contains("#EXT-X-ENDLIST")
        .contains("#EXT-X-PROGRAM-DATE-TIME:").contains(".ts?" + token);

    Decoded d = decode(url);

    assertThat(d.spanMicros() / 1000.0).as("decoded duration vs the index, within one frame interval")
        .isCloseTo(video.durationMillis(), within(FRAME_MICROS / 1000.0 + 1));
    assertThat(d.videoFrames()).isEqualTo((int) Math.round(video.durationMillis() / 40.0));
    assertThat(d.audioFrames()).isPositive();
    assertThat(d.seekLandedMicros()).as("a seek into the middle lands there").isCloseTo(d.seekTargetMicros(),
        within(2_100_000L));
    assertThat(Await.result(http.getAbs(url.replace(token, "forged")).send().toCompletionStage()).statusCode()).isEqualTo(403);
  }

  @Test
  @Order(3)
  @Tag("interop")
  void shouldDecodeTheVodPlaylistWithDebianFfmpegWithoutWarnings() throws Exception {
    boolean present = Files.isExecutable(FFPROBE) && Files.isExecutable(FFMPEG);
    if (!present) {
      System.out.println("skipped: Debian ffmpeg/ffprobe not installed (" + FFMPEG + ", " + FFPROBE + ")");
    }
    Assumptions.assumeTrue(present, "Debian ffmpeg/ffprobe not installed");
    String token = api("/ipc/video/vod/get_play_token?" + ids() + "&video_id=" + video.videoId())
        .getJsonObject("data").getString("token");
    String url = base() + "/vod/" + channel + "-" + video.videoId() + "/index.m3u8?" + token;

    String[] probe = run(FFPROBE.toString(), "-v", "warning", "-select_streams", "v:0", "-count_packets",
        "-show_entries", "stream=nb_read_packets", "-of", "csv=p=0", url);
    String[] decode = run(FFMPEG.toString(), "-v", "warning", "-i", url, "-f", "null", "-");

    assertThat(probe[1]).as("ffprobe warnings").isEmpty();
    assertThat(probe[0].lines().filter(l -> !l.isBlank()).map(l -> Integer.parseInt(l.replace(",", "").trim())))
        .isNotEmpty().allMatch(n -> n == Math.round(video.durationMillis() / 40.0));
    assertThat(decode[0] + decode[1]).as("decoder warnings").isEmpty();
  }

  static final Path FFPROBE = Path.of("/usr/bin/ffprobe");
  static final Path FFMPEG = Path.of("/usr/bin/ffmpeg");

  /** Runs a CLI; returns stdout and stderr. */
  static String[] run(String... command) throws Exception {
    Path out = dataDir.resolve("cli-out.txt");
    Path err = dataDir.resolve("cli-err.txt");
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new String[] {Files.readString(out), Files.readString(err)};
  }

  @Test
  @Order(4)
  void shouldPlayATimeRangeWithRvodAndServeSegmentsWithByteRanges() throws Exception {
    String token = api("/ipc/video/vod/get_play_token?" + ids()).getJsonObject("data").getString("token");
    String range = TimeRange.formatDigits(video.startMillis() - 60_000, ZONE) + "-"
        + TimeRange.formatDigits(video.endMillis() + 60_000, ZONE);
    String url = base() + "/rvod/" + channel + "-" + range + "/index.m3u8?" + token;
    String m3u8 = Await.result(http.getAbs(url).send().toCompletionStage()).bodyAsString();
    assertThat(m3u8).contains("#EXT-X-PROGRAM-DATE-TIME:").contains("#EXT-X-ENDLIST");

    Decoded d = decode(url);
    assertThat(d.spanMicros() / 1000.0).isCloseTo(video.durationMillis(), within(FRAME_MICROS / 1000.0 + 1));

    String segment = m3u8.lines().filter(l -> l.contains(".ts?")).findFirst().orElseThrow();
    String segmentUrl = base() + "/rvod/" + channel + "-" + range + "/" + segment;
    HttpResponse<Buffer> part = Await.result(http.getAbs(segmentUrl).putHeader("range", "bytes=188-375").send().toCompletionStage());
    assertThat(part.statusCode()).isEqualTo(206);
    assertThat(part.getHeader("content-range")).startsWith("bytes 188-375/");
    assertThat(part.body().length()).isEqualTo(188);
    assertThat(part.body().getByte(0)).isEqualTo((byte) 0x47); // a TS sync byte: packets are 188 bytes
    assertThat(Await.result(http.getAbs(segmentUrl).putHeader("range", "bytes=999999999-").send().toCompletionStage()).statusCode())
        .isEqualTo(416);
    HttpResponse<Buffer> whole = Await.result(http.getAbs(segmentUrl).send().toCompletionStage());
    assertThat(whole.statusCode()).isEqualTo(200);
    assertThat(whole.getHeader("accept-ranges")).isEqualTo("bytes");
  }

  @Test
  @Order(5)
  void shouldExportAFastStartMp4WithoutTranscoding() throws Exception {
    String query = ids() + "&begin=" + TimeRange.formatDigits(video.startMillis(), ZONE) + "&end="
        + TimeRange.formatDigits(video.endMillis() + 1_000, ZONE);
    HttpResponse<Buffer> mp4 = get("/edge/export?" + query);
    assertThat(mp4.statusCode()).isEqualTo(200);
    assertThat(mp4.getHeader("content-type")).isEqualTo("video/mp4");
    byte[] bytes = mp4.body().getBytes();
    String head = new String(bytes, 0, Math.min(bytes.length, 64 * 1024), StandardCharsets.ISO_8859_1);
    assertThat(head.indexOf("moov")).as("fast start: the index before the media").isPositive()
        .isLessThan(new String(bytes, StandardCharsets.ISO_8859_1).indexOf("mdat"));
    Path file = dataDir.resolve("exported.mp4");
    Files.write(file, bytes);
    int frames = 0;
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
      g.start();
      assertThat(g.getVideoCodecName()).isEqualTo("h264");
      for (Frame f; (f = g.grabImage()) != null; ) {
        frames++;
      }
    }
    assertThat(frames).isEqualTo((int) Math.round(video.durationMillis() / 40.0));
  }

  @Test
  @Order(6)
  void shouldAnswerBadRangesUnknownVideosAndBadNamesWithClearErrnos() throws Exception {
    String token = api("/ipc/video/vod/get_play_token?" + ids()).getJsonObject("data").getString("token");
    HttpResponse<Buffer> backwardsAnswer = Await.result(http.getAbs(base() + "/rvod/" + channel
        + "-20261126120000-20261126110000/index.m3u8?" + token).send().toCompletionStage());
    assertThat(backwardsAnswer.statusCode()).as("a media route: the status says it").isEqualTo(400);
    JsonObject backwards = backwardsAnswer.bodyAsJsonObject();
    assertThat(backwards.getInteger("errno")).isEqualTo(111);
    assertThat(backwards.getString("error")).contains("ends").contains("before it begins");
    JsonObject badDigits = Await.result(http.getAbs(base() + "/rvod/" + channel + "-2026112612-20261126130000/index.m3u8?"
        + token).send().toCompletionStage()).bodyAsJsonObject();
    assertThat(badDigits.getInteger("errno")).isEqualTo(111);
    HttpResponse<Buffer> emptyAnswer = Await.result(http.getAbs(base() + "/rvod/" + channel
        + "-200001010000-200001010100/index.m3u8?" + token).send().toCompletionStage());
    assertThat(emptyAnswer.statusCode()).isEqualTo(404);
    assertThat(emptyAnswer.bodyAsJsonObject().getInteger("errno")).isEqualTo(160);
    JsonObject emptyExport = api("/edge/export?" + ids() + "&begin=200001010000&end=200001010100");
    assertThat(emptyExport.getInteger("errno")).isEqualTo(160);
    assertThat(emptyExport.getString("error")).contains("nothing to export");
    for (String farPage : List.of("&page_start=2147483647&page_size=100", "&page_start=1073741825&page_size=2")) {
      long asked = System.nanoTime();
      JsonObject page = api("/ipc/video/vod/get_video_list?" + ids() + farPage);
      assertThat(Duration.ofNanos(System.nanoTime() - asked)).as(farPage).isLessThan(Duration.ofSeconds(1));
      assertThat(page.getInteger("errno")).isZero();
      assertThat(page.getJsonObject("data").getJsonArray("videos")).as("a page past the end is empty").isEmpty();
      assertThat(page.getJsonObject("page_info").getLong("total_num")).isPositive();
    }
    assertThat(api("/ipc/video/vod/get_video_info?" + ids() + "&video_id=12345").getInteger("errno")).isEqualTo(127);
    assertThat(api("/ipc/video/vod/get_video_info?" + ids() + "&video_id=abc").getInteger("errno")).isEqualTo(127);
    assertThat(rename("").getInteger("errno")).isEqualTo(111);
    assertThat(rename("x".repeat(257)).getInteger("errno")).isEqualTo(111);
    assertThat(api("/ipc/video/record/record_video?" + ids() + "&action=2").getInteger("errno")).isEqualTo(111);
    assertThat(api("/ipc/video/record/record_video?device_id=" + channel.deviceId() + "&channel_id=999&action=1")
        .getInteger("errno")).isEqualTo(3);
  }

  static JsonObject rename(String name) throws Exception {
    HttpRequest<Buffer> r = http.putAbs(base() + "/ipc/video/vod/rename_video?" + ids() + "&video_id=" + video.videoId())
        .putHeader("api-key", node.options().platform().apiKey());
    return Await.result(r.sendJsonObject(new JsonObject().put("name", name)).toCompletionStage()).bodyAsJsonObject();
  }

  @Test
  @Order(7)
  void shouldRenameShowStorageThenDeleteAnsweringOneCodePerId() throws Exception {
    assertThat(rename("front door").getInteger("errno")).isZero();
    assertThat(api("/ipc/video/vod/get_video_list?" + ids() + "&name=front").getJsonObject("data")
        .getJsonArray("videos").getJsonObject(0).getString("name")).isEqualTo("front door");

    JsonObject storage = api("/edge/storage").getJsonObject("data");
    assertThat(storage.getLong("used_bytes")).isEqualTo(video.sizeBytes());
    assertThat(storage.getLong("free_bytes")).isPositive();
    assertThat(storage.getLong("max_age_ms")).as("the retention the console shows")
        .isEqualTo(node.options().recorder().maxAgeMillis());
    JsonObject ch = storage.getJsonArray("channels").getJsonObject(0);
    assertThat(ch.getString("device_id")).isEqualTo(channel.deviceId());
    assertThat(ch.getString("oldest")).isNotNull();
    assertThat(ch.getString("newest")).isNotNull();

    // delete_video spells its query deviceid / channeled (API-NOTES)
    JsonArray body = new JsonArray().add(new JsonObject().put("videoId", Long.toString(video.videoId())))
        .add(new JsonObject().put("videoId", "42"));
    JsonObject deleted = Await.result(http.postAbs(base() + "/ipc/video/vod/delete_video?deviceid=" + channel.deviceId()
        + "&channeled=" + channel.channelId()).putHeader("api-key", node.options().platform().apiKey())
        .sendJsonObject(new JsonObject().put("video", body)).toCompletionStage()).bodyAsJsonObject();
    assertThat(deleted.getJsonArray("data")).containsExactly(new JsonObject().put("code", 0).put("message", "succ"),
        new JsonObject().put("code", 1).put("message", "not exist"));
    assertThat(api("/ipc/video/vod/get_video_info?" + ids() + "&video_id=" + video.videoId()).getInteger("errno"))
        .isEqualTo(127);
    try (var files = Files.walk(dataDir.resolve("recordings"))) {
      assertThat(files.filter(p -> p.toString().endsWith(".ts"))).isEmpty();
    }
    assertThat(api("/edge/storage").getJsonObject("data").getLong("used_bytes")).isZero();
  }
}
