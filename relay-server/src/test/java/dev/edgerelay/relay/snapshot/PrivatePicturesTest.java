package dev.edgerelay.relay.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.testing.Await;
import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.relay.http.EdgeErrno;
import dev.edgerelay.relay.hub.StreamKey;
import dev.edgerelay.relay.testing.TestNode;
import dev.edgerelay.sim.CameraMode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --pictures-private}: a picture's image needs the api-key header (the master key or the device's own)
 * or the token its url from get_list and get_info carries; a stranger who knows or guesses the name gets 403
 * with the envelope.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PrivatePicturesTest {
  @TempDir static Path dataDir;
  static TestNode node;
  static ChannelRef mine;
  static ChannelRef other;
  static String master;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    node = TestNode.start(vertx, dataDir, o -> {
      o.sim().setCameras(2).setCameraMode(CameraMode.NONE);
      o.snapshot().setPicturesPrivate(true);
      return o;
    });
    List<StreamKey> channels = node.channels();
    mine = new ChannelRef(channels.get(0).deviceId(), channels.get(0).channelId());
    StreamKey second = channels.stream().filter(k -> !k.deviceId().equals(mine.deviceId())).findFirst().orElseThrow();
    other = new ChannelRef(second.deviceId(), second.channelId());
    master = node.node.options().platform().apiKey();
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  static HttpResponse<Buffer> send(HttpRequest<Buffer> request) throws Exception {
    return Await.result(request.send().toCompletionStage());
  }

  /** Uploads a PNG named {@code name} to {@code c} and answers its get_info {@code url}. */
  static String upload(ChannelRef c, String name) throws Exception {
    byte[] png = PictureApiTest.png(8, 8);
    String query = "?device_id=" + c.deviceId() + "&channel_id=" + c.channelId();
    JsonObject stored = Await.result(node.http.put(node.node.httpPort(), "127.0.0.1", "/ipc/video/picture/upload" + query
        + "&format=png&name=" + name).putHeader("api-key", master).sendBuffer(Buffer.buffer(png)).toCompletionStage())
        .bodyAsJsonObject();
    assertThat(stored.getInteger("errno")).as(stored.encode()).isZero();
    JsonObject info = send(node.http.get(node.node.httpPort(), "127.0.0.1", "/ipc/video/picture/get_info" + query
        + "&name=" + name).putHeader("api-key", master)).bodyAsJsonObject();
    return info.getJsonObject("data").getString("url");
  }

  static void assertRefused(HttpResponse<Buffer> response, int errno) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(403);
    assertThat(response.bodyAsJsonObject().getInteger("errno")).isEqualTo(errno);
  }

  @Test
  void shouldServeTheImageAtItsUrlWhoseTokenItCarries() throws Exception {
    String url = upload(mine, "with-token");

    HttpResponse<Buffer> image = send(node.http.getAbs(url));

    assertThat(url).contains("?token=");
    assertThat(image.statusCode()).as(image.bodyAsString()).isEqualTo(200);
    assertThat(image.getHeader("content-type")).isEqualTo("image/png");
    assertThat(image.body().getBytes()).isEqualTo(PictureApiTest.png(8, 8));
  }

  @Test
  void shouldRefuseTheImageWithoutKeyOrTokenAndServeItWithTheKey() throws Exception {
    String bare = upload(mine, "no-token").replaceFirst("\\?.*", "");

    assertRefused(send(node.http.getAbs(bare)), EdgeErrno.TOKEN_INVALID);
    assertRefused(send(node.http.getAbs(bare + "?token=forged.token")), EdgeErrno.TOKEN_INVALID);
    assertRefused(send(node.http.getAbs(bare).putHeader("api-key", "not-a-key")), EdgeErrno.AUTH_INVALID);
    String otherDevicesKey = node.node.directory().device(other.deviceId()).keys().iterator().next();
    assertRefused(send(node.http.getAbs(bare).putHeader("api-key", otherDevicesKey)), EdgeErrno.AUTH_OTHER_DEVICE);
    assertThat(send(node.http.getAbs(bare).putHeader("api-key", master)).statusCode()).isEqualTo(200);
  }

  @Test
  void shouldRefuseTheTokenOfAnotherChannelsPictures() throws Exception {
    String mineBare = upload(mine, "mine").replaceFirst("\\?.*", "");
    String othersUrl = upload(other, "theirs");
    String othersToken = othersUrl.substring(othersUrl.indexOf('?'));

    assertRefused(send(node.http.getAbs(mineBare + othersToken)), EdgeErrno.TOKEN_INVALID);
    assertThat(send(node.http.getAbs(othersUrl)).statusCode()).isEqualTo(200);
  }
}
