package dev.edgerelay.relay.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgerelay.media.testing.Await;
import dev.edgerelay.media.testing.EncodedStreams;
import dev.edgerelay.media.testing.Eventually;
import dev.edgerelay.relay.EdgeNode;
import dev.edgerelay.relay.hls.HlsOptions;
import dev.edgerelay.relay.hls.LiveSegment;
import dev.edgerelay.sim.CameraMode;
import io.vertx.junit5.VertxExtension;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import dev.edgerelay.relay.hub.StreamKey;
import dev.edgerelay.relay.pull.PullOptions;
import dev.edgerelay.relay.pull.PullSession;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import dev.edgerelay.media.rtmp.RtmpConfig;
import dev.edgerelay.media.rtmp.client.RtmpClient;
import dev.edgerelay.media.rtmp.client.RtmpClientException;
import dev.edgerelay.media.rtmp.client.RtmpPull;
import java.nio.file.Files;
import dev.edgerelay.relay.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's main job end to end: an emulator camera publishing into the emulator's RTMP
 * origin, the node pulling it with a play_address token, and live HLS decoded by FFmpeg. One node and
 * one emulator (loop-mode cameras) for the class.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LiveRelayTest {
  @TempDir static Path dataDir;
  static Vertx vertx;
  static EdgeNode node;
  static WebClient http;
  static List<StreamKey> channels = new ArrayList<>();

  static TestNode fixture;

  @BeforeAll
  static void start(Vertx injected) throws Exception {
    fixture = TestNode.start(injected, dataDir, o -> o.setSim(o.sim().setCameras(7).setCameraMode(CameraMode.LOOP))
        .setHls(o.hls().setSegmentMillis(1000)).setHub(o.hub().setIdleTimeoutMillis(6000)));
    vertx = fixture.vertx;
    node = fixture.node;
    http = fixture.http;
    channels.addAll(fixture.channels());
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  static String hlsUrl(StreamKey key) throws Exception {
    JsonObject data = fixture.playAddress(key, 1);
    return "http://" + data.getString("addr") + "/live/" + key.hlsDirectory() + "/index.m3u8?" + data.getString("accessToken");
  }

  static HttpResponse<Buffer> getAbs(String url) {
    return Await.result(http.getAbs(url).send().toCompletionStage());
  }

  @Test
  void shouldServeAColdChannelAsHlsThatFfmpegDecodesWithTheCamerasFormat() throws Exception {
    StreamKey key = channels.get(0);
    String url = hlsUrl(key);

    HttpResponse<Buffer> playlist = getAbs(url); // cold: starts the pull and waits for the first segment

    assertThat(playlist.statusCode()).isEqualTo(200);
    assertThat(playlist.getHeader("content-type")).isEqualTo("application/vnd.apple.mpegurl");
    assertThat(playlist.getHeader("cache-control")).isEqualTo("no-cache");
    assertThat(playlist.bodyAsString()).startsWith("#EXTM3U").contains("#EXTINF:").contains(".ts?");

    int videoFrames = 0;
    int audioFrames = 0;
    long lastVideoTs = -1;
    boolean monotonic = true;
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(url)) {
      grabber.setOption("live_start_index", "0");
      grabber.start();
      assertThat(grabber.getImageWidth()).isEqualTo(640);
      assertThat(grabber.getImageHeight()).isEqualTo(360);
      assertThat(grabber.getFrameRate()).isBetween(24.0, 26.0);
      assertThat(grabber.getAudioChannels()).isPositive();
      long firstTs = -1;
      for (Frame frame; (frame = grabber.grab()) != null; ) {
        if (frame.image != null) {
          videoFrames++;
          monotonic &= frame.timestamp > lastVideoTs;
          lastVideoTs = frame.timestamp;
          if (firstTs < 0) {
            firstTs = frame.timestamp;
          }
          if (frame.timestamp - firstTs >= 10_000_000L) {
            break; // ten seconds of live media decoded
          }
        } else if (frame.samples != null) {
          audioFrames++;
        }
      }
    }
    assertThat(videoFrames).isGreaterThanOrEqualTo(240);
    assertThat(monotonic).isTrue();
    assertThat(audioFrames).isPositive();
  }

  @Test
  @Tag("interop")
  void shouldPlayInDebiansFfmpegWithoutAWarning() throws Exception {
    Path ffmpeg = Path.of("/usr/bin/ffmpeg");
    Assumptions.assumeTrue(Files.isExecutable(ffmpeg), "Debian ffmpeg is not installed (scripts/install-peers)");
    String url = hlsUrl(channels.get(0));

    // decode 6 s of the live playlist to nothing; -v warning prints only problems
    Process p = new ProcessBuilder(ffmpeg.toString(), "-v", "warning", "-nostdin", "-i", url, "-t", "6", "-f", "null", "-")
        .redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output).isEmpty();
  }

  /** FFmpeg asks getStreamLength before play and warns "Unexpected reply" unless the answer carries a number. */
  @Test
  @Tag("interop")
  void shouldPlayTheNodesRtmpInDebiansFfmpegWithoutAWarning() throws Exception {
    EncodedStreams.assumeDebianFfmpeg();

    assertThat(EncodedStreams.ffmpegWarnings(rtmpUrl(channels.get(4)), 4)).isEmpty();
  }

  static String rtmpUrl(StreamKey key) throws Exception {
    JsonObject data = fixture.playAddress(key, 0);
    assertThat(data.getString("type")).isEqualTo("rtmp");
    return "rtmp://" + data.getString("addr") + "/live/" + key.rtmpName() + "?" + data.getString("accessToken");
  }

  @Test
  void shouldReServeAChannelOverRtmpToFfmpeg() throws Exception {
    StreamKey key = channels.get(4);
    String url = rtmpUrl(key);

    int videoFrames = 0;
    int audioFrames = 0;
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(url)) {
      grabber.setOption("rw_timeout", "15000000");
      grabber.start();
      assertThat(grabber.getImageWidth()).isEqualTo(640);
      assertThat(grabber.getImageHeight()).isEqualTo(360);
      long first = -1;
      for (Frame frame; (frame = grabber.grab()) != null; ) {
        if (frame.image != null) {
          videoFrames++;
          first = first < 0 ? frame.timestamp : first;
          if (frame.timestamp - first >= 4_000_000L) {
            break;
          }
        } else if (frame.samples != null) {
          audioFrames++;
        }
      }
      assertThat(node.lanRtmp().players()).isEqualTo(1);
    }
    assertThat(videoFrames).isGreaterThanOrEqualTo(90);
    assertThat(audioFrames).isPositive();
  }

  @Test
  void shouldRefuseAnRtmpPlayerWithoutAValidToken() throws Exception {
    StreamKey key = channels.get(4);
    String good = rtmpUrl(key);
    String forged = good.substring(0, good.length() - 3) + "abc";

    RtmpClient client = RtmpClient.create(RtmpConfig.defaults());
    try {
      RtmpPull pull = client.play(forged, message -> message.release());
      assertThatThrownBy(() -> pull.started().get(20, TimeUnit.SECONDS))
          .hasCauseInstanceOf(RtmpClientException.class)
          .satisfies(e -> assertThat(((RtmpClientException) e.getCause()).reason())
              .isEqualTo(RtmpClientException.Reason.REJECTED))
          .hasMessageContaining("not issued by this edge");
    } finally {
      client.close();
    }
  }

  /** A LAN camera: FFmpeg publishing H.264 + AAC to the node at 25 fps until it is closed. */
  static final class LanCamera implements AutoCloseable {
    final FFmpegFrameRecorder recorder;
    final java.util.concurrent.ScheduledExecutorService clock =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
    final Frame frame = new Frame(320, 180, Frame.DEPTH_UBYTE, 3);
    final short[] samples = new short[44_100 / 25];
    int frames;

    LanCamera(String url) throws Exception {
      this(url, true);
    }

    /** @param sending false: only connects and publishes; {@link #startSending()} starts the frames */
    LanCamera(String url, boolean sending) throws Exception {
      recorder = new FFmpegFrameRecorder(url, 320, 180, 1);
      recorder.setFormat("flv");
      recorder.setVideoCodecName("libopenh264");
      recorder.setAudioCodec(org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC);
      recorder.setFrameRate(25);
      recorder.setGopSize(25);
      recorder.setSampleRate(44_100);
      recorder.setAudioChannels(1);
      try {
        recorder.start();
      } catch (Exception e) {
        recorder.release();
        clock.shutdownNow();
        throw e;
      }
      if (sending) {
        startSending();
      }
    }

    void startSending() {
      clock.scheduleAtFixedRate(this::frame, 0, 40, TimeUnit.MILLISECONDS);
    }

    synchronized int framesSent() {
      return frames;
    }

    private synchronized void frame() {
      try {
        java.nio.ByteBuffer pixels = (java.nio.ByteBuffer) frame.image[0];
        for (int p = 0; p < pixels.capacity(); p += 3) {
          pixels.put(p, (byte) (p / 960 + frames * 4));
        }
        recorder.record(frame);
        recorder.recordSamples(44_100, 1, java.nio.ShortBuffer.wrap(samples));
        frames++;
      } catch (Exception e) {
        clock.shutdown();
      }
    }

    @Override
    public void close() throws Exception {
      clock.shutdown();
      clock.awaitTermination(5, TimeUnit.SECONDS);
      synchronized (this) {
        recorder.stop();
        recorder.release();
      }
    }
  }

  @Test
  void shouldRelayALanCameraPublishingToTheNodeAsItsChannelsSource() throws Exception {
    StreamKey key = channels.get(6);
    String base = "rtmp://127.0.0.1:" + node.options().rtmpPort() + "/live/" + key.rtmpName();

    try (LanCamera camera = new LanCamera(base + "?key=" + node.options().platform().apiKey())) {
      Eventually.until("the camera's stream in the hub", Duration.ofSeconds(20), () -> node.hub().find(key) != null
          && node.hub().find(key).unitsIn() > 50);
      assertThat(node.hub().describeSource(key)).startsWith("LAN camera");
      HttpResponse<Buffer> playlist = getAbs(hlsUrl(key));
      assertThat(playlist.statusCode()).isEqualTo(200);
      assertThat(playlist.bodyAsString()).contains("#EXTINF:");
      // spec 13.2: the camera's stream is one coming into the site, pushed from the camera's own address
      JsonObject pushes = Await.result(http.get(node.httpPort(), "127.0.0.1", "/ipc/video/stat/getpushlist?productid="
          + node.options().platform().productId() + "&deviceid=" + key.deviceId() + "&channelid=" + key.channelId())
          .putHeader("api-key", node.options().platform().apiKey()).send().toCompletionStage()).bodyAsJsonObject();
      assertThat(pushes.getJsonArray("result")).singleElement().satisfies(row -> {
        assertThat(((JsonObject) row).getString("source")).isEqualTo("lan_camera");
        assertThat(((JsonObject) row).getString("puship")).isEqualTo("127.0.0.1");
      });
    }
    Eventually.until("the channel to stop with its camera", Duration.ofSeconds(20), () -> node.hub().find(key) == null);
  }

  @Test
  void shouldLetALanCameraTakeOverAChannelPulledFromThePlatformWithADiscontinuity() throws Exception {
    StreamKey key = channels.get(9);
    // GIVEN the channel pulled from the platform for an HLS viewer
    assertThat(getAbs(hlsUrl(key)).statusCode()).isEqualTo(200);
    assertThat(node.hub().describeSource(key)).startsWith("pull");
    long pulled = node.hub().find(key).unitsIn();
    String base = "rtmp://127.0.0.1:" + node.options().rtmpPort() + "/live/" + key.rtmpName();

    // WHEN its LAN camera publishes: it feeds the same stream from now on, the playlist marks the jump
    try (LanCamera camera = new LanCamera(base + "?key=" + node.options().platform().apiKey())) {
      Eventually.until("the camera feeding the channel", Duration.ofSeconds(20),
          () -> node.hub().describeSource(key) != null && node.hub().describeSource(key).startsWith("LAN camera"));
      Eventually.until("a discontinuity in the playlist after the camera's first segment", Duration.ofSeconds(20),
          () -> {
            try {
              return getAbs(hlsUrl(key)).bodyAsString().contains("#EXT-X-DISCONTINUITY");
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          });
      assertThat(node.hub().find(key).unitsIn()).isGreaterThan(pulled);
      assertThat(node.hub().find(key).restarts()).isGreaterThanOrEqualTo(1);
    }
    // THEN the channel stops with its camera, as a published channel does
    Eventually.until("the channel to stop with its camera", Duration.ofSeconds(20), () -> node.hub().find(key) == null);
  }

  @Test
  void shouldRefuseALanCameraWithoutAKeyForItsDevice() throws Exception {
    StreamKey key = channels.get(7);
    String otherDeviceKey = node.directory().device(channels.get(0).deviceId()).keys().iterator().next();
    String base = "rtmp://127.0.0.1:" + node.options().rtmpPort() + "/live/" + key.rtmpName();

    assertThatThrownBy(() -> new LanCamera(base + "?key=wrong").close()).isInstanceOf(Exception.class);
    assertThatThrownBy(() -> new LanCamera(base + "?key=" + otherDeviceKey).close()).isInstanceOf(Exception.class);
    assertThat(node.hub().find(key)).isNull();
  }

  @Test
  void shouldServeSegmentsFromTheirSpoolFilesAndSurviveAViewerThatHangsUp() throws Exception {
    StreamKey key = channels.get(0);
    String url = hlsUrl(key);
    String playlist = getAbs(url).bodyAsString();
    String uri = playlist.lines().filter(l -> l.contains(".ts?")).reduce((a, b) -> b).orElseThrow();
    String segmentUrl = url.substring(0, url.lastIndexOf('/') + 1) + uri;
    LiveSegment segment = node.hls().muxer(key).segment(uri.substring(0, uri.indexOf('?')));
    Await.result(segment.written(), Duration.ofSeconds(5));
    byte[] expected = Files.readAllBytes(segment.file());
    assertThat(segment.file().getParent()) // the data directory's spool: page cache, not the node's memory
        .isEqualTo(node.options().dataDir().resolve(HlsOptions.SPOOL_SUBDIRECTORY).toAbsolutePath());

    HttpResponse<Buffer> response = getAbs(segmentUrl);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("content-type")).isEqualTo("video/mp2t");
    assertThat(response.body().getBytes()).isEqualTo(expected).hasSize((int) segment.size());
    // a viewer that hangs up after the request line, then one that asks again: the node keeps serving
    URI target = URI.create(segmentUrl);
    try (Socket viewer = new Socket(target.getHost(), target.getPort())) {
      viewer.getOutputStream().write(("GET " + target.getRawPath() + "?" + target.getRawQuery()
          + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      assertThat(viewer.getInputStream().read()).isEqualTo('H');
    }
    assertThat(getAbs(segmentUrl).body().getBytes()).isEqualTo(expected);
    JsonObject listed = Await.result(http.get(node.httpPort(), "127.0.0.1", "/edge/channels")
        .putHeader("api-key", node.options().platform().apiKey()).send().toCompletionStage()).bodyAsJsonObject()
        .getJsonArray("data").stream().map(JsonObject.class::cast).filter(c -> c.getString("device_id")
            .equals(key.deviceId()) && c.getInteger("channel_id") == key.channelId()).findFirst().orElseThrow();
    assertThat(listed.getLong("hls_bytes_held")).isGreaterThanOrEqualTo(segment.size()); // the window's bytes
  }

  @Test
  void shouldMakeExactlyOnePullForAHundredConcurrentColdRequests() throws Exception {
    StreamKey key = channels.get(1);
    String url = hlsUrl(key);

    List<Future<HttpResponse<Buffer>>> requests = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      requests.add(http.getAbs(url).send());
    }
    Await.result(Future.all(requests).toCompletionStage());

    assertThat(requests).allSatisfy(r -> assertThat(r.result().statusCode()).isEqualTo(200));
    assertThat(((PullSession) node.hub().source(key)).connects()).isEqualTo(1);
  }

  @Test
  void shouldContinueThePlaylistAfterADiscontinuityWhenTheOriginDropsTheConnection() throws Exception {
    StreamKey key = channels.get(2);
    String url = hlsUrl(key);
    assertThat(getAbs(url).statusCode()).isEqualTo(200);

    Await.result(http.postAbs(node.embeddedSim().baseUrl() + "/sim/rtmp/drop?device_id=" + key.deviceId() + "&channel_id="
        + key.channelId()).send().toCompletionStage());

    Eventually.until("a discontinuity in the live playlist", Duration.ofSeconds(30),
        () -> getAbs(url).bodyAsString().contains("#EXT-X-DISCONTINUITY\n"));
    assertThat(node.hub().find(key).restarts()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void shouldFetchAFreshTokenWhenTheOriginRejectsTheOldOne() throws Exception {
    StreamKey key = channels.get(3);
    String url = hlsUrl(key);
    assertThat(getAbs(url).statusCode()).isEqualTo(200);
    PullSession pull = (PullSession) node.hub().source(key);

    Await.result(http.postAbs(node.embeddedSim().baseUrl() + "/sim/tokens/expire").send().toCompletionStage());
    Await.result(http.postAbs(node.embeddedSim().baseUrl() + "/sim/rtmp/drop?device_id=" + key.deviceId() + "&channel_id="
        + key.channelId()).send().toCompletionStage());

    long before = node.hub().find(key).unitsIn();
    Eventually.until("media again after a rejected token", Duration.ofSeconds(30), () -> {
      getAbs(url); // a player keeps polling meanwhile, which keeps the channel open
      return pull.connects() >= 3 && node.hub().find(key).unitsIn() > before + 100;
    });
  }

  @Test
  void shouldCloseAChannelNobodyWatchesAfterItsIdleTime() throws Exception {
    StreamKey key = channels.get(5);
    JsonObject data = fixture.playAddress(key, 1);

    JsonObject preload = getAbs("http://" + data.getString("addr") + "/live/" + key.hlsDirectory()
        + "/preload?token=" + data.getString("accessToken") + "&idle_time=2").bodyAsJsonObject();

    assertThat(preload.getInteger("errno")).isZero();
    assertThat(node.hub().find(key)).isNotNull();
    Eventually.until("the idle channel to close", Duration.ofSeconds(15), () -> node.hub().find(key) == null);
  }

  /**
   * The pull watchdog on an origin that hangs rather than drops: the emulator keeps the RTMP connection open and
   * stops sending media. The node gives up on it once the watchdog interval passes without media (checked every
   * quarter interval), connects again at once (the connection had delivered media, so it is no failure), and the
   * playlist marks the restart with a discontinuity.
   */
  @Test
  void shouldReconnectWhenTheOriginStallsWithTheConnectionOpen() throws Exception {
    StreamKey key = channels.get(8);
    String url = hlsUrl(key);
    assertThat(getAbs(url).statusCode()).isEqualTo(200);
    PullSession pull = (PullSession) node.hub().source(key);
    long connects = pull.connects();
    long watchdog = PullOptions.DEFAULT_WATCHDOG_MILLIS; // the node runs with the default
    String sim = node.embeddedSim().baseUrl();

    // Timed from the node's own reference, the last unit it received (wall clock), to the poll that sees the new
    // connection: not from this thread's POST, whose latency on a loaded machine is no part of the watchdog's.
    dev.edgerelay.media.stream.Stream stream = node.hub().find(key);
    long[] lastMediaAt = {0};
    long[] reconnectedAt = {0};
    JsonObject stall = Await.result(http.postAbs(sim + "/sim/rtmp/stall?device_id=" + key.deviceId() + "&channel_id="
        + key.channelId()).send().toCompletionStage()).bodyAsJsonObject();
    assertThat(stall.getJsonObject("data").getInteger("stalled")).as(stall.toString()).isEqualTo(1);
    try {
      Eventually.until("a new connection after the stall", Duration.ofMillis(watchdog * 2), () -> {
        if (pull.connects() > connects) {
          reconnectedAt[0] = System.currentTimeMillis();
          return true;
        }
        lastMediaAt[0] = stream.lastUnitAtMillis(); // frozen since the stall began: nothing new came in
        getAbs(url); // a viewer keeps polling meanwhile, which keeps the channel open
        return false;
      });
    } finally {
      Await.result(http.deleteAbs(sim + "/sim/rtmp/stall").send().toCompletionStage());
    }
    long reconnectMs = reconnectedAt[0] - lastMediaAt[0];
    System.out.printf("stalled origin: reconnected %d ms after the last media (watchdog %d ms)%n", reconnectMs, watchdog);
    long connectSlack = 1_000; // play_address before the connect counts, and this poll noticing it, on a loaded machine
    // the stalled connection had delivered media: no backoff pause, the reconnect follows the watchdog at once
    assertThat(reconnectMs).as("past the watchdog interval; within one check and a connect")
        .isBetween(watchdog, watchdog + watchdog / 4 + connectSlack);

    Eventually.until("a discontinuity in the live playlist", Duration.ofSeconds(30),
        () -> getAbs(url).bodyAsString().contains("#EXT-X-DISCONTINUITY\n"));
    assertThat(node.hub().find(key).restarts()).isGreaterThanOrEqualTo(1);
  }
}
