package dev.edgerelay.relay.thumbnail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.testing.Await;
import dev.edgerelay.relay.EdgeNode;
import dev.edgerelay.relay.hub.StreamKey;
import dev.edgerelay.sim.CameraMode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import dev.edgerelay.relay.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /live_preview} end to end (spec 4.3): the embedded emulator's loop cameras (640x360),
 * the node pulling a cold channel on the first thumbnail request, the address and token from play_address.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LivePreviewTest {
  @TempDir static Path dataDir;
  static Vertx vertx;
  static EdgeNode node;
  static WebClient http;
  static List<StreamKey> channels = new ArrayList<>();

  static TestNode fixture;

  @BeforeAll
  static void start(Vertx injected) throws Exception {
    fixture = TestNode.start(injected, dataDir, o -> o.setSim(o.sim().setCameras(2).setCameraMode(CameraMode.LOOP))
        .setHub(o.hub().setIdleTimeoutMillis(6000)));
    vertx = fixture.vertx;
    node = fixture.node;
    http = fixture.http;
    channels.addAll(fixture.channels());
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  /** play_address's data for {@code key}: {@code coveraddr} and {@code accessToken}. */
  static JsonObject playAddress(StreamKey key) throws Exception {
    return fixture.playAddress(key, 1);
  }

  static HttpResponse<Buffer> get(String url) throws Exception {
    return Await.result(http.getAbs(url).send().toCompletionStage());
  }

  static BufferedImage image(HttpResponse<Buffer> response) throws Exception {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    assertThat(response.getHeader("content-type")).isEqualTo("image/jpeg");
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(response.body().getBytes()));
    assertThat(image).as("ImageIO reads the JPEG").isNotNull();
    return image;
  }

  @Test
  void shouldAnswerAJpegOfAColdChannelAtTheCoverAddressWithinTheDeadline() throws Exception {
    StreamKey key = channels.get(0);
    JsonObject data = playAddress(key);
    assertThat(node.hub().find(key)).as("cold before the request").isNull();
    long started = System.nanoTime();

    HttpResponse<Buffer> response = get("http://" + data.getString("coveraddr") + "/live_preview/"
        + key.deviceId() + "_" + key.channelId() + "?token=" + data.getString("accessToken"));

    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))
        .isLessThan(ThumbnailOptions.DEFAULT_COLD_WAIT_MILLIS);
    BufferedImage image = image(response);
    assertThat(image.getWidth()).isEqualTo(640);
    assertThat(image.getHeight()).isEqualTo(360);
    assertThat(node.hub().find(key)).as("the thumbnail started the pull").isNotNull();
  }

  @Test
  void shouldAcceptTheDashedFormAndScaleToTheAskedWidth() throws Exception {
    StreamKey key = channels.get(1);
    JsonObject data = playAddress(key);

    HttpResponse<Buffer> response = get("http://" + data.getString("coveraddr") + "/live_preview/" + key.rtmpName()
        + "?token=" + data.getString("accessToken") + "&width=320");

    BufferedImage image = image(response);
    assertThat(image.getWidth()).isEqualTo(320);
    assertThat(image.getHeight()).isEqualTo(180);
  }

  @Test
  void shouldRefuseAnotherChannelsTokenAnOddWidthAndAnUnknownPath() throws Exception {
    StreamKey key = channels.get(0);
    String otherToken = playAddress(channels.get(1)).getString("accessToken");
    String base = "http://127.0.0.1:" + node.httpPort() + "/live_preview/";

    HttpResponse<Buffer> wrongToken = get(base + key.rtmpName() + "?token=" + otherToken);
    HttpResponse<Buffer> oddWidth = get(base + key.rtmpName() + "?token=" + playAddress(key).getString("accessToken")
        + "&width=321");
    HttpResponse<Buffer> badPath = get(base + "not-a-channel?token=" + otherToken);

    assertThat(wrongToken.statusCode()).isEqualTo(403);
    assertThat(wrongToken.bodyAsJsonObject().getInteger("errno")).isEqualTo(131);
    assertThat(oddWidth.bodyAsJsonObject().getInteger("errno")).isEqualTo(111);
    assertThat(oddWidth.bodyAsJsonObject().getString("error")).contains("even number of pixels from 16 to 1920");
    assertThat(badPath.statusCode()).isEqualTo(404);
  }
}
