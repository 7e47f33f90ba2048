package dev.edgerelay.relay.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.testing.Await;
import dev.edgerelay.media.testing.EncodedStreams;
import dev.edgerelay.relay.hub.StreamKey;
import dev.edgerelay.relay.testing.TestNode;
import dev.edgerelay.sim.CameraMode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cold HLS joins with a real nginx-rtmp as the platform's origin: the emulator's play_address answers nginx's
 * address ({@code rtmpAdvertise}), so the node pulls {@code rtmp://nginx/live/{dev}-{ch}?token} as it would from the
 * platform, and nginx starts it as it starts every player: audio at once, video from the next keyframe of Debian
 * ffmpeg's x264 High with B-frames (2 s GOP). Each channel is joined once, cold, at a random instant in the GOP;
 * every first segment must carry video (ffprobe on the downloaded segment), and hls.js in Debian's headless
 * Chromium must present frames on the joins it makes.
 */
@Tag("interop")
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class NginxOriginColdJoinTest {
  /** Cold joins by an HTTP client, each on its own channel. */
  static final int JOINS = 20;
  /** Cold joins by hls.js in Chromium, on further channels. */
  static final int BROWSER_JOINS = 5;
  static final int GOP_MILLIS = NginxRtmpOrigin.GOP_FRAMES * 1000 / NginxRtmpOrigin.FPS;
  /** Frames a browser must present: one second of video, well past the first segment's start. */
  static final int MIN_FRAMES = NginxRtmpOrigin.FPS;
  static final long BROWSER_TIMEOUT_MILLIS = 30_000;
  static final Duration PATIENCE = Duration.ofSeconds(60);
  /** Segments listed: the first one must still be there when the browser joins are checked after playing. */
  static final int WINDOW = 15;

  private Vertx vertx;
  private TestNode fixture;
  private NginxRtmpOrigin origin;
  private Path dir;

  @BeforeAll
  void start(Vertx injected, @TempDir Path tmp) throws Exception {
    String missing = NginxRtmpOrigin.unavailableReason();
    if (missing != null) {
      System.out.println("skipped NginxOriginColdJoinTest: " + missing);
    }
    Assumptions.assumeTrue(missing == null, missing);
    vertx = injected;
    dir = tmp;
    int originPort = NginxRtmpOrigin.freePort();
    fixture = TestNode.start(vertx, tmp.resolve("node"), o -> {
      o.sim().setCameras(JOINS + BROWSER_JOINS).setCameraMode(CameraMode.NONE)
          .setRtmpAdvertise("127.0.0.1:" + originPort);
      o.hls().setWindow(WINDOW);
      return o;
    });
    origin = NginxRtmpOrigin.start(tmp.resolve("nginx"), originPort,
        fixture.channels().stream().map(StreamKey::rtmpName).toList());
    String streams = origin.probe(fixture.channels().get(0).rtmpName(), 20);
    assertThat(streams).as("what nginx serves").contains("h264,High,video,2").contains("aac,LC,audio");
  }

  @AfterAll
  void stop() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
    if (origin != null) {
      origin.close();
    }
  }

  @Test
  void shouldGiveEveryColdJoinAFirstSegmentWithVideo() throws Exception {
    List<StreamKey> keys = fixture.channels().subList(0, JOINS);
    List<Future<Buffer>> joins = new ArrayList<>();
    List<Long> delays = new ArrayList<>();
    for (StreamKey key : keys) {
      String playlist = playlistUrl(key);
      delays.add(ThreadLocalRandom.current().nextLong(0, GOP_MILLIS));
      joins.add(after(delays.get(delays.size() - 1)).compose(v -> firstSegment(key, playlist)));
    }
    List<String> firstSegments = new ArrayList<>();
    for (int i = 0; i < JOINS; i++) {
      firstSegments.add(probeSegment(keys.get(i), Await.result(joins.get(i).toCompletionStage(), PATIENCE)));
    }
    List<Long> held = heldAudioUnits(keys);
    for (int i = 0; i < JOINS; i++) {
      System.out.println("nginx cold join " + keys.get(i) + " after " + delays.get(i) + " ms: first segment "
          + firstSegments.get(i) + "; audio held " + held.get(i));
    }
    assertThat(firstSegments).hasSize(JOINS).allSatisfy(streams ->
        assertThat(streams).as("streams of a first segment").contains("h264,video").contains("aac,audio")
            .contains(", first K"));
    // nginx started the node audio-first: joins away from a keyframe held audio until it, and /edge/channels says so
    assertThat(held).as("audio held per join").anyMatch(n -> n > 0);
  }

  @Test
  void shouldPresentFramesWithHlsJsInChromiumOnColdJoins() throws Exception {
    String missing = ChromiumHlsPlayer.unavailableReason();
    if (missing != null) {
      System.out.println("skipped the Chromium joins: " + missing);
    }
    Assumptions.assumeTrue(missing == null, missing);
    List<StreamKey> keys = fixture.channels().subList(JOINS, JOINS + BROWSER_JOINS);
    List<JsonObject> joins = new ArrayList<>();
    for (StreamKey key : keys) {
      joins.add(new JsonObject().put("src", playlistUrl(key))
          .put("delayMillis", ThreadLocalRandom.current().nextLong(0, GOP_MILLIS)));
    }
    String hlsJs = "http://127.0.0.1:" + fixture.node.httpPort() + "/vendor/hls.min.js"; // the build the node serves

    ChromiumHlsPlayer.Report report = ChromiumHlsPlayer.play(hlsJs, joins, MIN_FRAMES, BROWSER_TIMEOUT_MILLIS);

    System.out.println("Chromium MediaSource.isTypeSupported: " + report.mse());
    List<Long> held = heldAudioUnits(keys);
    for (int i = 0; i < BROWSER_JOINS; i++) {
      ChromiumHlsPlayer.Play play = report.plays().get(i);
      System.out.println("Chromium cold join " + keys.get(i) + ": " + play.frames() + " frames presented, audio held "
          + held.get(i) + ", fatal " + play.fatal() + ", errors " + play.errors());
    }
    assertThat(report.mse().getBoolean("video/mp4; codecs=\"avc1.640028\"")).as("H.264 High in MSE").isTrue();
    assertThat(report.plays()).hasSize(BROWSER_JOINS).allSatisfy(play -> {
      assertThat(play.fatal()).as("hls.js fatal error on %s", play.src()).isNull();
      assertThat(play.frames()).as("frames presented on %s", play.src()).isGreaterThanOrEqualTo(MIN_FRAMES);
    });
    // the browser's joins were cold: each channel's first segment is still listed, and has video
    for (StreamKey key : keys) {
      Buffer first = Await.result(firstSegment(key, playlistUrl(key)).toCompletionStage(), PATIENCE);
      String streams = probeSegment(key, first);
      assertThat(streams).as("streams of the first segment of %s", key).contains("h264,video").contains("aac,audio")
          .contains(", first K");
    }
  }

  /** {@code hls_held_audio_units} of each of {@code keys} in {@code GET /edge/channels}. */
  private List<Long> heldAudioUnits(List<StreamKey> keys) throws Exception {
    List<Long> held = new ArrayList<>();
    for (StreamKey key : keys) {
      held.add(fixture.channelStatus(key).getLong("hls_held_audio_units"));
    }
    return held;
  }

  /** FFmpeg at {@code -v warning} complains of nothing in the node's LAN RTMP of a channel nginx feeds (B-frames). */
  @Test
  void shouldPlayTheNodesRtmpOfAnNginxChannelInFfmpegWithoutAWarning() throws Exception {
    StreamKey key = fixture.channels().get(JOINS + BROWSER_JOINS - 1);
    JsonObject rtmp = fixture.playAddress(key, 0);
    String url = "rtmp://" + rtmp.getString("addr") + "/live/" + key.rtmpName() + "?" + rtmp.getString("accessToken");

    assertThat(EncodedStreams.ffmpegWarnings(url, 4)).isEmpty();
  }

  private String playlistUrl(StreamKey key) throws Exception {
    JsonObject hls = fixture.playAddress(key, 1);
    return "http://" + hls.getString("addr") + "/live/" + key.hlsDirectory() + "/index.m3u8?"
        + hls.getString("accessToken");
  }

  private Future<Void> after(long millis) {
    Promise<Void> promise = Promise.promise();
    vertx.setTimer(Math.max(1, millis), t -> promise.complete());
    return promise.future();
  }

  /** The playlist (a cold request waits for the first segment), then the channel's very first segment. */
  private Future<Buffer> firstSegment(StreamKey key, String playlist) {
    return fixture.http.getAbs(playlist).send().compose(list -> {
      String text = list.bodyAsString();
      assertThat(list.statusCode()).as("playlist of %s: %s", key, text).isEqualTo(200);
      assertThat(text).as("playlist of %s lists the channel's first segment", key)
          .contains("#EXT-X-MEDIA-SEQUENCE:0\n");
      String first = text.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).findFirst()
          .orElseThrow(() -> new AssertionError("no segment listed for " + key + ": " + text));
      return fixture.http.getAbs(URI.create(playlist).resolve(first).toString()).send();
    }).map(segment -> {
      assertThat(segment.statusCode()).as("first segment of %s", key).isEqualTo(200);
      return segment.body();
    });
  }

  /**
   * What ffprobe finds in a downloaded segment: its streams ({@code codec_name,codec_type}, each once) and the
   * flags of its video packets in order, as {@code h264,video;aac,audio video packets 50, first K__}.
   */
  private String probeSegment(StreamKey key, Buffer segment) throws Exception {
    Path file = dir.resolve(key.hlsDirectory() + "-first.ts");
    Files.write(file, segment.getBytes());
    List<String> streams = ffprobe(file, "-show_entries", "stream=codec_type,codec_name").stream().distinct().toList();
    List<String> videoPackets = ffprobe(file, "-select_streams", "v", "-show_entries", "packet=flags");
    return String.join(";", streams) + " video packets " + videoPackets.size() + ", first "
        + (videoPackets.isEmpty() ? "none" : videoPackets.get(0));
  }

  private static List<String> ffprobe(Path file, String... query) throws Exception {
    List<String> command = new ArrayList<>(List.of(EncodedStreams.FFPROBE.toString(), "-v", "error"));
    command.addAll(List.of(query));
    command.addAll(List.of("-of", "csv=p=0", file.toString()));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("ffprobe of %s finished", file).isTrue();
    assertThat(p.exitValue()).as("ffprobe of %s: %s", file, out).isZero();
    return out.lines().filter(l -> !l.isBlank()).toList();
  }
}
