package dev.edgerelay.relay.pull;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.testing.Await;
import dev.edgerelay.media.testing.Eventually;
import dev.edgerelay.relay.EdgeNode;
import dev.edgerelay.relay.hub.StreamKey;
import dev.edgerelay.relay.testing.TestNode;
import dev.edgerelay.sim.CameraMode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An origin that drops the node again and again while it is healthy in between: every reconnect must be as fast
 * as the first, because each dropped session had delivered media ({@link Backoff}). Real node, real emulator
 * origin, real RTMP connections closed by the emulator's {@code /sim/rtmp/drop}.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FlappingOriginTest {
  static final int DROPS = 5;
  /** Healthy play between drops, in 1 s segments: the old rule reset its backoff only after 60 s of it. */
  static final int HEALTHY_SEGMENTS_BETWEEN_DROPS = 7;
  /** The bound asked of each reconnect: media again within this of the origin being back. */
  static final Duration BACK_WITHIN = Duration.ofSeconds(6);
  static final Pattern MEDIA_SEQUENCE = Pattern.compile("#EXT-X-MEDIA-SEQUENCE:(\\d+)");

  @TempDir static Path dataDir;
  static TestNode fixture;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    fixture = TestNode.start(vertx, dataDir, o -> o.setSim(o.sim().setCameras(1).setCameraMode(CameraMode.LOOP))
        .setHls(o.hls().setSegmentMillis(1000)).setHub(o.hub().setIdleTimeoutMillis(6000)));
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  @Test
  void shouldReconnectWithin6SecondsAfterEachOfFiveDropsInARow() throws Exception {
    EdgeNode node = fixture.node;
    StreamKey key = fixture.channels().get(0);
    JsonObject address = fixture.playAddress(key, 1);
    String url = "http://" + address.getString("addr") + "/live/" + key.hlsDirectory() + "/index.m3u8?"
        + address.getString("accessToken");
    assertThat(playlistStatus(url)).isEqualTo(200); // cold: starts the pull, answers with the first segment
    PullSession pull = (PullSession) node.hub().source(key);

    List<Long> backAfterMillis = new ArrayList<>();
    for (int drop = 1; drop <= DROPS; drop++) {
      keepWatching(url, HEALTHY_SEGMENTS_BETWEEN_DROPS); // healthy play, the playlist polled like a player does
      long restarts = node.hub().find(key).restarts();
      long connects = pull.connects();
      long dropped = System.nanoTime();
      JsonObject answer = Await.result(fixture.http.postAbs(node.embeddedSim().baseUrl() + "/sim/rtmp/drop?device_id="
          + key.deviceId() + "&channel_id=" + key.channelId()).send().toCompletionStage()).bodyAsJsonObject();
      assertThat(answer.getJsonObject("data").getInteger("dropped")).as("drop %d", drop).isEqualTo(1);

      // the origin answers again at once; the first unit of the new connection marks the restart
      Eventually.until("media after drop " + drop, BACK_WITHIN.plusSeconds(10), () -> {
        playlistStatus(url);
        return node.hub().find(key).restarts() > restarts;
      });
      long back = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - dropped);
      backAfterMillis.add(back);
      assertThat(pull.connects()).isEqualTo(connects + 1); // one attempt sufficed: no failure counted
    }

    System.out.println("media again after each of " + DROPS + " drops (ms): " + backAfterMillis);
    assertThat(backAfterMillis).allSatisfy(ms -> assertThat(ms).isLessThanOrEqualTo(BACK_WITHIN.toMillis()));
    assertThat(playlistStatus(url)).isEqualTo(200);
  }

  static int playlistStatus(String url) {
    return Await.result(fixture.http.getAbs(url).send().toCompletionStage()).statusCode();
  }

  /** Polls the playlist until it lists {@code segments} more than now; every answer on the way must be 200. */
  static void keepWatching(String url, int segments) {
    List<Integer> refused = new ArrayList<>();
    long first = lastSequence(url, refused);
    Eventually.until(segments + " new segments in the playlist", Duration.ofSeconds(60),
        () -> lastSequence(url, refused) >= first + segments);
    assertThat(refused).as("playlist answers other than 200 during healthy play").isEmpty();
  }

  /** The media sequence number of the playlist's last segment, or -1 when the answer was not 200 (noted). */
  static long lastSequence(String url, List<Integer> refused) {
    HttpResponse<Buffer> answer = Await.result(fixture.http.getAbs(url).send().toCompletionStage());
    if (answer.statusCode() != 200) {
      refused.add(answer.statusCode());
      return -1;
    }
    String text = answer.bodyAsString();
    Matcher sequence = MEDIA_SEQUENCE.matcher(text);
    long base = sequence.find() ? Long.parseLong(sequence.group(1)) : 0;
    return base + text.split("#EXTINF", -1).length - 2;
  }
}
