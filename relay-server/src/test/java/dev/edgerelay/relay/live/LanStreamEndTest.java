package dev.edgerelay.relay.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.testing.Await;
import dev.edgerelay.media.testing.Eventually;
import dev.edgerelay.relay.EdgeNode;
import dev.edgerelay.relay.hls.HlsLiveMuxer;
import dev.edgerelay.relay.hub.StreamKey;
import dev.edgerelay.relay.testing.TestNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A LAN camera that stops publishing, watched over live HLS (RFC 8216 4.3.3.4, 6.2.2): every frame it sent
 * is in the segments, the playlist ends with EXT-X-ENDLIST, and no listed segment answers 404 while listed.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LanStreamEndTest {
  static final long GRACE_MILLIS = 5_000;
  @TempDir static Path dataDir;
  static TestNode fixture;
  static EdgeNode node;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    fixture = TestNode.start(vertx, dataDir, o -> o.setSim(o.sim().setCameras(2))
        .setHls(o.hls().setSegmentMillis(1000).setWindow(100).setEndedGraceMillis(GRACE_MILLIS)));
    node = fixture.node;
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  /** The channel's live playlist with a viewer's play token (spec 4.1). */
  private static String playlistUrl(StreamKey key) throws Exception {
    JsonObject address = fixture.playAddress(key, 1);
    return "http://" + address.getString("addr") + "/live/" + key.hlsDirectory() + "/index.m3u8?"
        + address.getString("accessToken");
  }

  /** Where the channel's LAN camera publishes, with the key that allows it. */
  private static String cameraUrl(StreamKey key) {
    return "rtmp://127.0.0.1:" + node.options().rtmpPort() + "/live/" + key.rtmpName() + "?key="
        + node.options().platform().apiKey();
  }

  private static HttpResponse<Buffer> get(String url) {
    return Await.result(fixture.http.getAbs(url).send().toCompletionStage());
  }

  @Test
  void shouldKeepEveryFrameOfAStoppedLanCameraAndEndThePlaylist() throws Exception {
    StreamKey key = fixture.channels().get(0);
    String playlistUrl = playlistUrl(key);
    String dir = playlistUrl.substring(0, playlistUrl.lastIndexOf('/') + 1);
    String rtmp = cameraUrl(key);

    LiveRelayTest.LanCamera camera = new LiveRelayTest.LanCamera(rtmp, false);
    Future<HttpResponse<Buffer>> firstViewer;
    try {
      // GIVEN a viewer muxing the channel before the camera's first frame, so HLS can hold all of them
      Eventually.until("the camera's publication in the hub", Duration.ofSeconds(20), () -> node.hub().find(key) != null);
      firstViewer = fixture.http.getAbs(playlistUrl).send();
      Eventually.until("the channel's muxer", Duration.ofSeconds(10), () -> node.hls().muxer(key) != null);
      camera.startSending();
      Eventually.until("four seconds of frames", Duration.ofSeconds(30), () -> camera.framesSent() >= 100);
    } finally {
      camera.close(); // WHEN the camera stops
    }
    int sent = camera.framesSent();
    assertThat(Await.result(firstViewer.toCompletionStage()).statusCode()).isEqualTo(200);

    // THEN the playlist ends with EXT-X-ENDLIST and lists every frame the camera sent
    String ended = Eventually.value("the ended playlist", Duration.ofSeconds(20), () -> get(playlistUrl).bodyAsString(),
        text -> text.contains("#EXT-X-ENDLIST"));
    assertThat(ended).endsWith("#EXT-X-ENDLIST\n").doesNotContain("#EXT-X-DISCONTINUITY");
    List<String> uris = ended.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
    Path all = dataDir.resolve("all.ts");
    try (OutputStream out = Files.newOutputStream(all)) {
      for (String uri : uris) {
        HttpResponse<Buffer> segment = get(dir + uri);
        assertThat(segment.statusCode()).as(uri).isEqualTo(200);
        out.write(segment.body().getBytes());
      }
    }
    assertThat(videoFrames(all)).isEqualTo(sent);

    // AND every listed segment answers while it is listed, without the channel starting again
    HlsLiveMuxer muxer = node.hls().muxer(key);
    assertThat(muxer.ended()).isTrue();
    long keptUntil = System.currentTimeMillis() + muxer.listedMillis() + GRACE_MILLIS - 1_000; // a margin for the last poll
    int polls = 0;
    while (System.currentTimeMillis() < keptUntil) {
      HttpResponse<Buffer> playlist = get(playlistUrl);
      assertThat(playlist.statusCode()).isEqualTo(200);
      assertThat(playlist.bodyAsString()).isEqualTo(ended);
      for (String uri : uris) {
        assertThat(get(dir + uri).statusCode()).as(uri).isEqualTo(200);
      }
      polls++;
    }
    assertThat(polls).isPositive();
    assertThat(node.hub().find(key)).isNull(); // serving the ended window did not pull the channel
    // after the grace the window is freed
    Eventually.until("the ended window to be freed", Duration.ofSeconds(10),
        () -> node.hls().muxer(key) == null && muxer.bytesHeld() == 0);
  }

  @Test
  void shouldContinueTheEndedPlaylistWithADiscontinuityWhenTheCameraPublishesAgain() throws Exception {
    StreamKey key = fixture.channels().get(1);
    String playlistUrl = playlistUrl(key);
    String rtmp = cameraUrl(key);
    try (LiveRelayTest.LanCamera camera = new LiveRelayTest.LanCamera(rtmp)) {
      Eventually.value("the camera's first segments", Duration.ofSeconds(20), () -> get(playlistUrl).bodyAsString(),
          text -> text.lines().filter(l -> l.contains(".ts?")).count() >= 2);
    }
    String ended = Eventually.value("the ended playlist", Duration.ofSeconds(20), () -> get(playlistUrl).bodyAsString(),
        text -> text.contains("#EXT-X-ENDLIST"));
    List<String> endedUris = ended.lines().filter(l -> l.contains(".ts?")).toList();

    // WHEN the camera publishes again within the grace
    try (LiveRelayTest.LanCamera again = new LiveRelayTest.LanCamera(rtmp)) {
      // THEN the same playlist goes on after a discontinuity, the earlier segments still listed before it
      String continued = Eventually.value("the continued playlist", Duration.ofSeconds(20),
          () -> get(playlistUrl).bodyAsString(), text -> text.contains("#EXT-X-DISCONTINUITY\n"));
      assertThat(continued).doesNotContain("#EXT-X-ENDLIST").contains("#EXT-X-MEDIA-SEQUENCE:0\n");
      List<String> uris = continued.lines().filter(l -> l.contains(".ts?")).toList();
      assertThat(uris.subList(0, endedUris.size())).isEqualTo(endedUris);
      assertThat(uris).hasSizeGreaterThan(endedUris.size()).doesNotHaveDuplicates();
      int firstNew = continued.indexOf(uris.get(endedUris.size()));
      assertThat(continued.substring(continued.indexOf(endedUris.get(endedUris.size() - 1)), firstNew))
          .contains("#EXT-X-DISCONTINUITY\n");
    }
  }

  private static int videoFrames(Path ts) throws Exception {
    int frames = 0;
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(ts.toFile())) {
      grabber.start();
      for (Frame frame; (frame = grabber.grabImage()) != null; ) {
        frames++;
      }
      grabber.stop();
    }
    return frames;
  }
}
