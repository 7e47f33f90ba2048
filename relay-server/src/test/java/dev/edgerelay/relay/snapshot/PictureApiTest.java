package dev.edgerelay.relay.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.testing.Await;
import dev.edgerelay.media.testing.Eventually;
import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.relay.EdgeNode;
import dev.edgerelay.relay.http.EdgeErrno;
import dev.edgerelay.relay.platform.PlatformClient;
import dev.edgerelay.relay.platform.PlatformOptions;
import dev.edgerelay.relay.platform.model.Picture;
import dev.edgerelay.relay.platform.model.PictureQuery;
import dev.edgerelay.relay.platform.model.PictureUpload;
import dev.edgerelay.sim.CameraMode;
import dev.edgerelay.sim.PictureAlbum;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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
 * The edge's picture API end to end (spec 5.1-5.5) over loopback: a node on the embedded emulator
 * with loop cameras (640x360), pictures uploaded by an app and taken as snapshots, listed, paged, filtered by
 * UNIX time, fetched by their url and decoded with ImageIO, deleted under both spellings.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PictureApiTest {
  @TempDir static Path dataDir;
  static Vertx vertx;
  static EdgeNode node;
  static WebClient http;
  static List<ChannelRef> channels = new ArrayList<>();

  static TestNode fixture;

  @BeforeAll
  static void start(Vertx injected) throws Exception {
    fixture = TestNode.start(injected, dataDir, o -> o.setSim(o.sim().setCameras(2).setCameraMode(CameraMode.LOOP))
        .setHub(o.hub().setIdleTimeoutMillis(6000)));
    vertx = fixture.vertx;
    node = fixture.node;
    http = fixture.http;
    fixture.channels().forEach(k -> channels.add(new ChannelRef(k.deviceId(), k.channelId())));
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  static HttpRequest<Buffer> api(HttpMethod method, String path, ChannelRef c) {
    return http.request(method, node.httpPort(), "127.0.0.1", path).putHeader("api-key", node.options().platform().apiKey())
        .addQueryParam("device_id", c.deviceId()).addQueryParam("channel_id", Integer.toString(c.channelId()));
  }

  static JsonObject json(HttpRequest<Buffer> request) throws Exception {
    return Await.result(request.send().toCompletionStage()).bodyAsJsonObject();
  }

  static JsonObject upload(ChannelRef c, String name, String format, byte[] body) throws Exception {
    return Await.result(api(HttpMethod.PUT, "/ipc/video/picture/upload", c).addQueryParam("format", format)
        .addQueryParam("name", name).addQueryParam("desc", "from the test").sendBuffer(Buffer.buffer(body)).toCompletionStage())
        .bodyAsJsonObject();
  }

  static byte[] png(int width, int height) throws Exception {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    image.setRGB(1, 1, 0xFF0000);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  static BufferedImage fetch(String url) throws Exception {
    HttpResponse<Buffer> response = Await.result(http.getAbs(url).send().toCompletionStage()); // spec 5.5: no key
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return ImageIO.read(new ByteArrayInputStream(response.body().getBytes()));
  }

  @Test
  void shouldRoundTripAnUploadedPictureThroughInfoUrlDuplicateAndBothDeleteSpellings() throws Exception {
    ChannelRef c = channels.get(1);
    byte[] png = png(32, 24);

    assertThat(upload(c, "app-shot.1", "png", png).getInteger("errno")).isZero();
    JsonObject duplicate = upload(c, "app-shot.1", "png", png);
    JsonObject info = json(api(HttpMethod.GET, "/ipc/video/picture/get_info", c).addQueryParam("name", "app-shot.1"));

    assertThat(duplicate.getInteger("errno")).isEqualTo(EdgeErrno.PICTURE_NAME_TAKEN);
    JsonObject data = info.getJsonObject("data");
    assertThat(data.getString("format")).isEqualTo("png");
    assertThat(data.getLong("size")).isEqualTo(png.length);
    assertThat(data.getString("desc")).isEqualTo("from the test");
    assertThat(data.getLong("date")).isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(60L));
    BufferedImage decoded = fetch(data.getString("url"));
    assertThat(decoded.getWidth()).isEqualTo(32);
    assertThat(decoded.getRGB(1, 1) & 0xFFFFFF).isEqualTo(0xFF0000);

    assertThat(json(api(HttpMethod.DELETE, "/ipc/video/picture/delete_pictrue", c).addQueryParam("name", "app-shot.1"))
        .getInteger("errno")).isZero();
    assertThat(json(api(HttpMethod.GET, "/ipc/video/picture/get_info", c).addQueryParam("name", "app-shot.1"))
        .getInteger("errno")).isEqualTo(EdgeErrno.PICTURE_NOT_FOUND);
    assertThat(upload(c, "app-shot.1", "png", png).getInteger("errno")).as("the name is free again").isZero();
    assertThat(json(api(HttpMethod.DELETE, "/ipc/video/picture/delete_picture", c).addQueryParam("name", "app-shot.1"))
        .getInteger("errno")).isZero();
    assertThat(Await.result(http.getAbs(data.getString("url")).send().toCompletionStage()).bodyAsJsonObject().getInteger("errno"))
        .isEqualTo(EdgeErrno.PICTURE_NOT_FOUND);
  }

  @Test
  void shouldServeTheProjectsOwnPlatformClientUnchangedButForItsBaseUrl() throws Exception {
    // the product's promise: an app written against the cloud API works against the edge
    PlatformClient cloudClient = PlatformClient.create(vertx, new PlatformOptions()
        .setBaseUrl("http://127.0.0.1:" + node.httpPort()).setApiKey(node.options().platform().apiKey())
        .setProductId(node.options().platform().productId()));
    try {
      ChannelRef c = new ChannelRef(channels.get(1).deviceId(), 9);
      byte[] png = png(16, 16);
      Await.result(cloudClient.pictures().upload(new PictureUpload(c.deviceId(), c.channelId(), "png", "by-client", "d"),
          Buffer.buffer(png)).toCompletionStage());

      Picture info = Await.result(cloudClient.pictures().info(c.deviceId(), c.channelId(), "by-client").toCompletionStage());
      List<Picture> all = Await.result(cloudClient.pictures().listAll(PictureQuery.all(c.deviceId(), c.channelId(), 1)).toCompletionStage());
      Buffer bytes = Await.result(cloudClient.pictures().fetch(info.url()).toCompletionStage());
      Await.result(cloudClient.pictures().delete(c.deviceId(), c.channelId(), "by-client").toCompletionStage());

      assertThat(info.size()).isEqualTo(png.length);
      assertThat(all).extracting(Picture::name).containsExactly("by-client");
      assertThat(bytes.getBytes()).isEqualTo(png);
      assertThat(node.snapshots().store().list(c, 0, Long.MAX_VALUE)).isEmpty();
    } finally {
      cloudClient.close();
    }
  }

  @Test
  void shouldPageAndFilterByUnixSecondsInTimeOrder() throws Exception {
    ChannelRef c = new ChannelRef(channels.get(0).deviceId(), 7); // a channel of its own: no other test's pictures
    byte[] png = png(8, 8);
    for (int i = 0; i < 5; i++) { // taken at 1000 s, 2000 s, ... 5000 s
      Await.result(node.snapshots().store(c, "p" + i, "png", "", png, false, (i + 1) * 1_000_000L).toCompletionStage());
    }

    JsonObject page2 = json(api(HttpMethod.GET, "/ipc/video/picture/get_list", c).addQueryParam("page_start", "2")
        .addQueryParam("page_size", "2"));
    JsonObject filtered = json(api(HttpMethod.GET, "/ipc/video/picture/get_list", c)
        .addQueryParam("start_time", "2000").addQueryParam("end_time", "4000"));
    JsonObject beyond = json(api(HttpMethod.GET, "/ipc/video/picture/get_list", c).addQueryParam("page_start", "4")
        .addQueryParam("page_size", "2"));

    assertThat(names(page2.getJsonArray("data"))).containsExactly("p2", "p3");
    assertThat(page2.getJsonObject("page_info")).isEqualTo(new JsonObject().put("total_num", 5).put("page_total", 3)
        .put("page_size", 2).put("current_page", 2));
    assertThat(names(filtered.getJsonArray("data"))).as("both bounds inclusive").containsExactly("p1", "p2", "p3");
    assertThat(filtered.getJsonArray("data").getJsonObject(0).getLong("date")).isEqualTo(2000);
    assertThat(beyond.getJsonArray("data")).isEmpty();
  }

  static List<String> names(JsonArray data) {
    List<String> out = new ArrayList<>();
    data.forEach(o -> out.add(((JsonObject) o).getString("name")));
    return out;
  }

  @Test
  void shouldRefuseBadNamesDescriptionsFormatsAndBodiesWithTheirOwnErrno() throws Exception {
    ChannelRef c = channels.get(1);
    byte[] png = png(8, 8);

    assertThat(upload(c, "a/b", "png", png).getInteger("errno")).isEqualTo(EdgeErrno.NAME_SPECIAL_CHARACTERS);
    assertThat(upload(c, ".hidden", "png", png).getInteger("errno")).isEqualTo(EdgeErrno.NAME_SPECIAL_CHARACTERS);
    assertThat(upload(c, "x".repeat(PictureNames.MAX_FILE_NAME_LENGTH + 1), "png", png).getInteger("errno"))
        .isEqualTo(EdgeErrno.NAME_TOO_LONG);
    assertThat(Await.result(api(HttpMethod.PUT, "/ipc/video/picture/upload", c).addQueryParam("format", "png")
        .addQueryParam("name", "d").addQueryParam("desc", "d".repeat(PictureNames.MAX_DESC_LENGTH + 1))
        .sendBuffer(Buffer.buffer(png)).toCompletionStage()).bodyAsJsonObject().getInteger("errno")).isEqualTo(EdgeErrno.DESC_TOO_LONG);
    assertThat(upload(c, "gif", "gif", png).getInteger("errno")).isEqualTo(EdgeErrno.PARAM_INVALID);
    assertThat(upload(c, "liar", "jpg", png).getInteger("errno")).as("png bytes said to be jpg")
        .isEqualTo(EdgeErrno.PARAM_INVALID);
    assertThat(upload(c, "empty", "png", new byte[0]).getInteger("errno")).isEqualTo(EdgeErrno.PARAM_INVALID);
    HttpResponse<Buffer> huge = Await.result(api(HttpMethod.PUT, "/ipc/video/picture/upload", c).addQueryParam("format", "png")
        .addQueryParam("name", "huge").sendBuffer(Buffer.buffer(new byte[(int) PictureRoutes.MAX_PICTURE_BYTES + 1])).toCompletionStage());
    assertThat(huge.statusCode()).isEqualTo(413);
    JsonObject noKey = Await.result(http.get(node.httpPort(), "127.0.0.1", "/ipc/video/picture/get_list?device_id="
        + c.deviceId() + "&channel_id=" + c.channelId()).send().toCompletionStage()).bodyAsJsonObject();
    assertThat(noKey.getInteger("errno")).isEqualTo(EdgeErrno.AUTH_MISSING);
    assertThat(json(api(HttpMethod.GET, "/ipc/video/picture/get_list", c)).getJsonArray("data"))
        .as("nothing refused was stored").noneMatch(o -> List.of("gif", "liar", "empty", "huge", "d")
            .contains(((JsonObject) o).getString("name")));
  }

  @Test
  void shouldTakeASnapshotOnRequestWhoseImageDecodesAtTheCamerasSize() throws Exception {
    ChannelRef c = channels.get(0);

    JsonObject answer = json(api(HttpMethod.POST, "/edge/snapshot", c).addQueryParam("name", "gate")
        .addQueryParam("desc", "asked"));
    JsonObject again = json(api(HttpMethod.POST, "/edge/snapshot", c).addQueryParam("name", "gate"));
    JsonObject unnamed = json(api(HttpMethod.POST, "/edge/snapshot", c));

    assertThat(answer.getInteger("errno")).as(answer.encode()).isZero();
    JsonObject data = answer.getJsonObject("data");
    assertThat(data.getString("name")).isEqualTo("gate");
    assertThat(data.getString("format")).isEqualTo("jpg");
    BufferedImage image = fetch(data.getString("url"));
    assertThat(image.getWidth()).isEqualTo(640);
    assertThat(image.getHeight()).isEqualTo(360);
    assertThat(again.getInteger("errno")).isEqualTo(EdgeErrno.PICTURE_NAME_TAKEN);
    assertThat(unnamed.getJsonObject("data").getString("name")).matches("snap-\\d{8}T\\d{6}\\.\\d{3}Z-[0-9a-f]{20}");
    assertThat(data.getString("url")).as("public by default (spec 5.5)").doesNotContain("?");
    assertThat(names(json(api(HttpMethod.GET, "/ipc/video/picture/get_list", c)).getJsonArray("data")))
        .contains("gate", unnamed.getJsonObject("data").getString("name"));
  }

  @Test
  void shouldRefuseASnapshotOfAnUnknownChannelAtOnceAndAGetThatShouldBeAPost() throws Exception {
    long start = System.nanoTime();
    JsonObject unknownDevice = json(api(HttpMethod.POST, "/edge/snapshot", new ChannelRef("nosuchdevice", 1)));
    JsonObject unknownChannel = json(api(HttpMethod.POST, "/edge/snapshot", new ChannelRef(channels.get(0).deviceId(), 99)));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    HttpResponse<Buffer> byGet = Await.result(api(HttpMethod.GET, "/edge/snapshot", channels.get(0)).send()
        .toCompletionStage());

    assertThat(unknownDevice.getInteger("errno")).as(unknownDevice.encode()).isEqualTo(EdgeErrno.CHANNEL_NOT_FOUND);
    assertThat(unknownChannel.getInteger("errno")).as(unknownChannel.encode()).isEqualTo(EdgeErrno.CHANNEL_NOT_FOUND);
    assertThat(unknownChannel.getString("error")).contains("99");
    assertThat(took).as("refused without waiting for a stream").isLessThan(Duration.ofSeconds(2));
    assertThat(byGet.statusCode()).isEqualTo(405);
    assertThat(byGet.getHeader("allow")).isEqualTo("POST");
    assertThat(byGet.bodyAsJsonObject().getString("error")).endsWith(": use POST");
  }

  @Test
  void shouldUploadASnapshotMarkedForUploadThroughTheOutboxToTheEmulatorWithItsBytes() throws Exception {
    ChannelRef c = channels.get(0);

    JsonObject answer = json(api(HttpMethod.POST, "/edge/snapshot", c).addQueryParam("name", "to-cloud")
        .addQueryParam("desc", "for the platform").addQueryParam("upload", "1"));
    JsonObject local = json(api(HttpMethod.POST, "/edge/snapshot", c).addQueryParam("name", "stays-here"));

    assertThat(answer.getInteger("errno")).as(answer.encode()).isZero();
    byte[] stored = Await.result(http.getAbs(answer.getJsonObject("data").getString("url")).send().toCompletionStage()).body().getBytes();
    PictureAlbum album = node.embeddedSim().state().pictures();
    Eventually.until("the emulator to hold to-cloud", Duration.ofSeconds(30),
        () -> album.get(c.deviceId(), c.channelId(), "to-cloud").isPresent());
    dev.edgerelay.sim.Picture uploaded = album.get(c.deviceId(), c.channelId(), "to-cloud").orElseThrow();
    assertThat(uploaded.data()).isEqualTo(stored);
    assertThat(uploaded.format()).isEqualTo("jpg");
    assertThat(uploaded.desc()).isEqualTo("for the platform");
    assertThat(local.getInteger("errno")).isZero();
    assertThat(album.get(c.deviceId(), c.channelId(), "stays-here")).as("not marked: not uploaded").isEmpty();
  }

  @Test
  void shouldTakePeriodicSnapshotsOfTheConfiguredChannels() throws Exception {
    ChannelRef c = channels.get(1);
    SnapshotOptions options = new SnapshotOptions().setIntervalS(1).setChannels(c.toString()).validate();
    SnapshotService periodic = new SnapshotService(vertx, node.thumbnails(), node.snapshots().store(),
        node.recorder()::blocking, new OutboxPictureUploads(node.uploads()), options, Clock.systemUTC());
    try {
      Eventually.until("two periodic snapshots", Duration.ofSeconds(30),
          () -> node.snapshots().store().list(c, 0, Long.MAX_VALUE).stream()
              .filter(p -> p.name().startsWith("snap-") && p.desc().equals("periodic")).count() >= 2);
      List<String> listed = names(json(api(HttpMethod.GET, "/ipc/video/picture/get_list", c)
          .addQueryParam("page_size", "100")).getJsonArray("data"));
      assertThat(listed.stream().filter(n -> n.startsWith("snap-"))).hasSizeGreaterThanOrEqualTo(2);
    } finally {
      periodic.close();
    }
  }
  /** The age limit is retention: storing a picture applies it, and a picture past it goes; younger ones stay. */
  @Test
  void shouldDeletePicturesPastTheAgeLimitWhenRetentionRuns() throws Exception {
    ChannelRef c = channels.get(1);
    SnapshotOptions options = new SnapshotOptions().setPictureMaxAgeDays(30).validate();
    SnapshotService aged = new SnapshotService(vertx, node.thumbnails(), node.snapshots().store(),
        node.recorder()::blocking, new OutboxPictureUploads(node.uploads()), options, Clock.systemUTC());
    byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9};
    try {
      long now = System.currentTimeMillis();
      Await.result(aged.store(c, "aged-29-days", "jpg", "", jpeg, false, now - 29L * 86_400_000L).toCompletionStage());
      Await.result(aged.store(c, "aged-31-days", "jpg", "", jpeg, false, now - 31L * 86_400_000L).toCompletionStage());
      Eventually.until("the picture past 30 days deleted", Duration.ofSeconds(10),
          () -> node.snapshots().store().find(c, "aged-31-days").isEmpty());
      assertThat(json(api(HttpMethod.GET, "/ipc/video/picture/get_info", c).addQueryParam("name", "aged-31-days"))
          .getInteger("errno")).isEqualTo(EdgeErrno.PICTURE_NOT_FOUND);
      assertThat(Await.result(aged.enforceRetention().toCompletionStage())).as("nothing else is past the limit").isZero();
      assertThat(node.snapshots().store().find(c, "aged-29-days")).isPresent();
    } finally {
      aged.close();
    }
  }
}
