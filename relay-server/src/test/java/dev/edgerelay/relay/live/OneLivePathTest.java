package dev.edgerelay.relay.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.media.Track;
import dev.edgerelay.media.rtmp.RtmpConfig;
import dev.edgerelay.media.rtmp.client.MediaUnitListener;
import dev.edgerelay.media.rtmp.client.RtmpClient;
import dev.edgerelay.media.rtmp.client.RtmpPlayListener;
import dev.edgerelay.media.rtmp.client.RtmpPull;
import dev.edgerelay.media.rtmp.message.DataMessage;
import dev.edgerelay.media.rtmp.message.MediaMessage;
import dev.edgerelay.media.stream.Stream;
import dev.edgerelay.media.stream.StreamReader;
import dev.edgerelay.media.testing.Await;
import dev.edgerelay.media.testing.Eventually;
import dev.edgerelay.relay.hub.StreamKey;
import dev.edgerelay.relay.pull.PullSession;
import dev.edgerelay.relay.testing.TestNode;
import io.netty.buffer.ByteBufUtil;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import dev.edgerelay.sim.CameraMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * One live path: a pulled channel's HLS muxer and its LAN RTMP players are readers of the same hub stream,
 * fed by one pull, and a player starts from the stream's one keyframe cache; a LAN camera's publish feeds
 * that same kind of stream, and its players read it too.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OneLivePathTest {
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  /** Joins tried before giving up on one that does not straddle a new keyframe (a GOP is a second or more). */
  private static final int JOIN_ATTEMPTS = 5;

  @TempDir static Path dataDir;
  static TestNode fixture;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    fixture = TestNode.start(vertx, dataDir, o -> {
      o.sim().setCameras(2).setCameraMode(CameraMode.LOOP);
      o.hls().setSegmentMillis(1000);
      return o;
    });
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  /** What a player saw first: the first video unit's timestamp and bytes. */
  private record FirstVideo(long dts, String hex) {}

  @Test
  void shouldServeALanRtmpPlayerAndHlsFromOneHubStreamStartingThePlayerFromItsCachedKeyframe() throws Exception {
    StreamKey key = fixture.channels().get(0);
    // GIVEN a channel pulled for HLS, its muxer reading the hub stream
    JsonObject hls = fixture.playAddress(key, 1);
    String playlist = "http://" + hls.getString("addr") + "/live/" + key.hlsDirectory() + "/index.m3u8?"
        + hls.getString("accessToken");
    assertThat(Await.result(fixture.http.getAbs(playlist).send().toCompletionStage()).statusCode()).isEqualTo(200);
    Stream stream = fixture.node.hub().find(key);
    Eventually.until("a cached keyframe", PATIENCE, () -> hasKeyframe(stream));

    JsonObject rtmp = fixture.playAddress(key, 0);
    String url = "rtmp://" + rtmp.getString("addr") + "/live/" + key.rtmpName() + "?" + rtmp.getString("accessToken");
    try (RtmpClient client = RtmpClient.create(RtmpConfig.defaults())) {
      for (int attempt = 1; ; attempt++) {
        MediaUnit cachedBefore = stream.latestKeyframe();
        FirstVideo expected = new FirstVideo(cachedBefore.dts(), ByteBufUtil.hexDump(cachedBefore.payload()));
        cachedBefore.release();

        // WHEN a LAN RTMP player joins
        CompletableFuture<FirstVideo> first = new CompletableFuture<>();
        RtmpPull player = client.play(url, new MediaUnitListener(key.rtmpName(), unit -> {
          if (unit.track() == Track.VIDEO) {
            first.complete(new FirstVideo(unit.dts(), ByteBufUtil.hexDump(unit.payload())));
          }
          unit.release();
        }));
        FirstVideo got = Await.result(first, PATIENCE);
        MediaUnit cachedAfter = stream.latestKeyframe();
        long cachedAfterDts = cachedAfter.dts();
        cachedAfter.release();
        if (cachedAfterDts != expected.dts() && attempt < JOIN_ATTEMPTS) {
          player.close(); // a new keyframe came while the player joined: the cache moved on, join again
          Eventually.until("the player left", PATIENCE, () -> fixture.node.lanRtmp().players() == 0);
          continue;
        }

        // THEN its first video unit is the hub's cached keyframe, timestamp and bytes
        assertThat(got).isEqualTo(expected);
        // AND the player and the HLS muxer read the same hub stream, fed by one pull
        assertThat(stream.readers()).extracting(StreamReader::name)
            .anyMatch(name -> name.equals("hls")).anyMatch(name -> name.startsWith("rtmp"));
        assertThat(fixture.node.hub().find(key)).isSameAs(stream);
        assertThat(((PullSession) fixture.node.hub().source(key)).connects()).isEqualTo(1);
        assertThat(stream.restarts()).as("no restart told to readers without a reconnect").isZero();
        assertThat(fixture.node.lanRtmp().players()).isEqualTo(1);
        player.close();
        Eventually.until("the player's reader closed", PATIENCE, () -> stream.readerCount() == 1);
        return;
      }
    }
  }

  @Test
  void shouldFeedALanCamerasPublishIntoTheHubStreamWhichItsPlayersRead() throws Exception {
    StreamKey key = fixture.channels().get(1);
    String base = "rtmp://127.0.0.1:" + fixture.node.options().rtmpPort() + "/live/" + key.rtmpName();
    AtomicInteger videoUnits = new AtomicInteger();
    CompletableFuture<DataMessage> metadata = new CompletableFuture<>();
    MediaUnitListener units = new MediaUnitListener(key.rtmpName(), unit -> {
      if (unit.track() == Track.VIDEO) {
        videoUnits.incrementAndGet();
      }
      unit.release();
    });
    RtmpPull player;
    try (RtmpClient client = RtmpClient.create(RtmpConfig.defaults())) {
      // GIVEN a LAN camera publishing the channel to the node
      try (LiveRelayTest.LanCamera camera = new LiveRelayTest.LanCamera(base + "?key=" + fixture.node.options().platform().apiKey())) {
        Stream stream = Eventually.value("the camera's hub stream", PATIENCE, () -> fixture.node.hub().find(key),
            s -> s != null && s.unitsIn() > 0);
        assertThat(fixture.node.hub().describeSource(key)).startsWith("LAN camera");

        // WHEN a player of the channel joins
        JsonObject rtmp = fixture.playAddress(key, 0);
        player = client.play("rtmp://" + rtmp.getString("addr") + "/live/" + key.rtmpName() + "?"
            + rtmp.getString("accessToken"), new RtmpPlayListener() {
              @Override
              public void onMetadata(DataMessage message) {
                metadata.complete(message);
              }

              @Override
              public void onMedia(MediaMessage message) {
                units.onMedia(message);
              }
            });

        // THEN it reads the camera's media from the hub stream, the camera's onMetaData first
        Eventually.until("a second of video at the player", PATIENCE, () -> videoUnits.get() >= 25);
        assertThat(metadata).isCompleted();
        assertThat(stream.readers()).extracting(StreamReader::name).anyMatch(name -> name.startsWith("rtmp"));
      }
      // AND the camera stopping ends the play
      Await.result(player.finished(), PATIENCE);
    }
    Eventually.until("the channel to stop with its camera", PATIENCE, () -> fixture.node.hub().find(key) == null);
  }

  private static boolean hasKeyframe(Stream stream) {
    MediaUnit keyframe = stream.latestKeyframe();
    if (keyframe == null) {
      return false;
    }
    keyframe.release();
    return true;
  }
}
