package dev.edgerelay.relay.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.testing.Await;
import dev.edgerelay.relay.platform.RecordingPlatform.Received;
import dev.edgerelay.relay.platform.model.Channel;
import dev.edgerelay.relay.platform.model.CommandRequest;
import dev.edgerelay.relay.platform.model.DeviceCommand;
import dev.edgerelay.relay.platform.model.DeviceRegistration;
import dev.edgerelay.relay.platform.model.DeviceSearch;
import dev.edgerelay.relay.platform.model.DeviceUpdate;
import dev.edgerelay.relay.platform.model.NewDevice;
import dev.edgerelay.relay.platform.model.PictureQuery;
import dev.edgerelay.relay.platform.model.PictureUpload;
import dev.edgerelay.relay.platform.model.PlayAddress;
import dev.edgerelay.relay.platform.model.ProtocolType;
import dev.edgerelay.relay.platform.model.StatQuery;
import dev.edgerelay.relay.platform.model.VideoQuery;
import dev.edgerelay.relay.platform.model.VideoRef;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The exact request of every endpoint: method, path, query names (API-NOTES "Wire names") and the
 * key header each route takes. Against a recording loopback server, so it holds whatever the emulator does.
 */
@ExtendWith(VertxExtension.class)
@Timeout(60)
class PlatformClientWireTest {
  private static final String MASTER = "master-key";
  private static Vertx vertx;
  private static RecordingPlatform platform;
  private static PlatformClient client;

  @BeforeAll
  static void start(Vertx injected) throws Exception {
    vertx = injected;
    platform = RecordingPlatform.start(vertx);
    client = PlatformClient.create(vertx, new PlatformOptions().setBaseUrl(platform.baseUrl()).setApiKey(MASTER)
        .setProductId("7355").setRetryAttempts(1));
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    platform.close();
  }

  @BeforeEach
  void reset() {
    platform.reset();
  }

  private static Received sent(Future<?> call) throws Exception {
    Await.result(call.toCompletionStage());
    return platform.last();
  }

  private static Map<String, String> query(Received received) {
    Map<String, String> query = new LinkedHashMap<>();
    received.query().forEach(e -> query.put(e.getKey(), e.getValue()));
    return query;
  }

  private static void expect(Received r, HttpMethod method, String path, String key, Map<String, String> query) {
    assertThat(r.method()).as(path).isEqualTo(method);
    assertThat(r.path()).isEqualTo(path);
    assertThat(r.apiKey()).as("api-key of " + path).isEqualTo(key);
    assertThat(query(r)).as("query of " + path).isEqualTo(query);
  }

  @Test
  void deviceRoutesOfSection1() throws Exception {
    Received add = sent(client.devices().add(NewDevice.titled("cam 1")));
    expect(add, HttpMethod.POST, "/devices", MASTER, Map.of());
    assertThat(add.body().toJsonObject()).isEqualTo(new JsonObject().put("title", "cam 1").put("protocol", "RTMP"));

    Received register = sent(client.devices().register(DeviceRegistration.bySerial("RC1", "SN9", "t")));
    expect(register, HttpMethod.POST, "/register_de", null, Map.of("register_code", "RC1"));
    assertThat(register.body().toJsonObject()).isEqualTo(new JsonObject().put("sn", "SN9").put("title", "t"));

    Received update = sent(client.devices().update("42", DeviceUpdate.none().withDesc("d")));
    expect(update, HttpMethod.PUT, "/devices/42", MASTER, Map.of());
    assertThat(update.body().toJsonObject()).isEqualTo(new JsonObject().put("desc", "d"));

    expect(sent(client.devices().get("42")), HttpMethod.GET, "/devices/42", MASTER, Map.of());
    expect(sent(client.devices().search(DeviceSearch.all().withKeyWords("ca").withOnline(true).withPage(2, 10))),
        HttpMethod.GET, "/devices", MASTER, Map.of("key_words", "ca", "online", "true", "page", "2", "per_page", "10"));
    expect(sent(client.devices().delete("42")), HttpMethod.DELETE, "/devices/42", MASTER, Map.of());
  }

  @Test
  void channelRoutesOfSection2SendParametersInTheQuery() throws Exception {
    platform.always("/ipc/video/device/QryChannel", new JsonObject(
        "{\"errno\":0,\"error\":\"succ\",\"result\":[{\"channel_id\":20,\"title\":\"test\",\"desc\":\"d\"}]}"));
    assertThat(Await.result(client.channels().list("7").toCompletionStage())).containsExactly(new Channel(20, "test", "d"));
    expect(platform.last(), HttpMethod.GET, "/ipc/video/device/QryChannel", MASTER, Map.of("device_id", "7"));
    expect(sent(client.channels().add("7", new Channel(3, "abc1", "x"))), HttpMethod.POST,
        "/ipc/video/device/AddChannel", MASTER, Map.of("device_id", "7", "channel_id", "3", "title", "abc1", "desc", "x"));
    expect(sent(client.channels().modify("7", new Channel(3, "abc2", null))), HttpMethod.POST,
        "/ipc/video/device/ModifyChannel", MASTER, Map.of("device_id", "7", "channel_id", "3", "title", "abc2"));
    expect(sent(client.channels().delete("7", 3)), HttpMethod.DELETE, "/ipc/video/device/DelChannel", MASTER,
        Map.of("device_id", "7", "channel_id", "3"));
  }

  @Test
  void commandRoutesOfSection3() throws Exception {
    platform.always("/ipc/video/cmds", new JsonObject("{\"errno\":0,\"data\":{\"cmd_uuid\":\"u1\",\"cmd_status\":2}}"));
    JsonObject ptz = DeviceCommand.ptz(1, DeviceCommand.PtzAction.UP, 3);
    Received send = sent(client.commands().send(CommandRequest.platform("7", 0, ptz)));
    expect(send, HttpMethod.POST, "/ipc/video/cmds", MASTER, Map.of("device_id", "7", "qos", "0", "type", "0"));
    assertThat(send.body().toJsonObject()).isEqualTo(ptz);

    platform.always("/ipc/video/cmd_status", new JsonObject("{\"errno\":0,\"data\":{\"status\":1,\"desc\":\"sending\"}}"));
    expect(sent(client.commands().status("7", "u1")), HttpMethod.GET, "/ipc/video/cmd_status", MASTER,
        Map.of("device_id", "7", "cmd_uuid", "u1"));
    platform.always("/ipc/video/cmd_resp", new JsonObject("{\"errno\":0,\"error\":\"succ\",\"resp\":\"AAEC\"}"));
    assertThat(Await.result(client.commands().response("7", "u1").toCompletionStage())).containsExactly(0, 1, 2);
    expect(platform.last(), HttpMethod.GET, "/ipc/video/cmd_resp", MASTER, Map.of("device_id", "7", "cmd_uuid", "u1"));
  }

  @Test
  void playRoutesOfSection4GoToTheHostsPlayAddressNames() throws Exception {
    String host = "127.0.0.1:" + platform.port();
    platform.always("/ipc/video/play_address", new JsonObject().put("errno", 0)
        .put("data", new JsonObject().put("addr", host).put("accessToken", "tk").put("type", "http")));
    PlayAddress address = Await.result(client.play().address("7", 2, ProtocolType.HLS, -1L).toCompletionStage());
    assertThat(address).isEqualTo(new PlayAddress(host, "tk", "http", null));
    expect(platform.last(), HttpMethod.GET, "/ipc/video/play_address", MASTER,
        Map.of("device_id", "7", "channel_id", "2", "protocol_type", "1", "timeout", "-1"));

    expect(sent(client.play().preload(address, "7", 2, 60)), HttpMethod.GET, "/live/live_7_2/preload", MASTER,
        Map.of("token", "tk", "idle_time", "60"));
    platform.always("/live_preview/7_2", new RecordingPlatform.Answer(200, "image/jpeg", Buffer.buffer(new byte[] {(byte) 0xFF, (byte) 0xD8})));
    assertThat(Await.result(client.play().livePreview(address, "7", 2).toCompletionStage()).getBytes()).containsExactly(0xFF, 0xD8);
    expect(platform.last(), HttpMethod.GET, "/live_preview/7_2", null, Map.of("token", "tk"));
  }

  @Test
  void pictureRoutesOfSection5() throws Exception {
    Received upload = sent(client.pictures().upload(new PictureUpload("7", 1, "jpg", "p1", "desc"), Buffer.buffer("img")));
    expect(upload, HttpMethod.PUT, "/ipc/video/picture/upload", MASTER,
        Map.of("device_id", "7", "channel_id", "1", "format", "jpg", "name", "p1", "desc", "desc"));
    assertThat(upload.body().toString()).isEqualTo("img");
    assertThat(upload.contentType()).isEqualTo("image/jpeg");
    platform.always("/ipc/video/picture/get_list", new JsonObject("{\"errno\":0,\"data\":[],\"page_info\":{}}"));
    expect(sent(client.pictures().list(new PictureQuery("7", 1, 100L, 200L, 5), 2)), HttpMethod.GET,
        "/ipc/video/picture/get_list", MASTER, Map.of("device_id", "7", "channel_id", "1", "start_time", "100",
            "end_time", "200", "page_start", "2", "page_size", "5"));
    expect(sent(client.pictures().info("7", 1, "p1")), HttpMethod.GET, "/ipc/video/picture/get_info", MASTER,
        Map.of("device_id", "7", "channel_id", "1", "name", "p1"));
    expect(sent(client.pictures().delete("7", 1, "p1")), HttpMethod.DELETE, "/ipc/video/picture/delete_pictrue",
        MASTER, Map.of("device_id", "7", "channel_id", "1", "name", "p1"));
    platform.always("/pic/p1.jpg", new RecordingPlatform.Answer(200, "image/jpeg", Buffer.buffer("jpeg")));
    assertThat(Await.result(client.pictures().fetch(platform.baseUrl() + "/pic/p1.jpg").toCompletionStage()).toString()).isEqualTo("jpeg");
    expect(platform.last(), HttpMethod.GET, "/pic/p1.jpg", null, Map.of());
  }

  @Test
  void vodRoutesOfSection6() throws Exception {
    VideoRef ref = new VideoRef("7", 1, "v9");
    Map<String, String> refQuery = Map.of("device_id", "7", "channel_id", "1", "video_id", "v9");
    expect(sent(client.vod().info(ref, true)), HttpMethod.GET, "/ipc/video/vod/get_video_info", MASTER,
        with(refQuery, "security", "1"));
    platform.always("/ipc/video/vod/get_video_list", new JsonObject("{\"errno\":0,\"data\":{\"videos\":[]}}"));
    expect(sent(client.vod().list(VideoQuery.all("7", 1, 20).between(LocalDateTime.of(2018, 1, 1, 0, 0),
        LocalDateTime.of(2018, 1, 2, 0, 0)), 1)), HttpMethod.GET, "/ipc/video/vod/get_video_list", MASTER,
        Map.of("device_id", "7", "channel_id", "1", "start_time", "2018-01-01 00:00:00",
            "end_time", "2018-01-02 00:00:00", "page_start", "1", "page_size", "20"));
    platform.always("/ipc/video/vod/delete_video", new JsonObject(
        "{\"errno\":0,\"data\":[{\"code\":0},{\"code\":1,\"message\":\"not exist\"}]}"));
    Received delete = sent(client.vod().delete("7", 1, List.of("1", "2")));
    expect(delete, HttpMethod.POST, "/ipc/video/vod/delete_video", MASTER, Map.of("deviceid", "7", "channeled", "1"));
    assertThat(delete.body().toJsonObject()).isEqualTo(new JsonObject("{\"video\":[{\"videoId\":\"1\"},{\"videoId\":\"2\"}]}"));
    Received rename = sent(client.vod().rename(ref, "new"));
    expect(rename, HttpMethod.PUT, "/ipc/video/vod/rename_video", MASTER, refQuery);
    assertThat(rename.body().toJsonObject()).isEqualTo(new JsonObject().put("name", "new"));
    platform.always("/ipc/video/vod/get_play_token", new JsonObject("{\"errno\":0,\"data\":{\"token\":\"sdafsa\"}}"));
    assertThat(Await.result(client.vod().playToken(ref).toCompletionStage())).isEqualTo("sdafsa");
    expect(platform.last(), HttpMethod.GET, "/ipc/video/vod/get_play_token", MASTER, refQuery);
  }

  @Test
  void productAndStatusRoutesOfSections7To14() throws Exception {
    Received set = sent(client.product().setTransportEncryption(true));
    expect(set, HttpMethod.PUT, "/ipc/video/trans_encrypt", MASTER, Map.of("product_id", "7355"));
    assertThat(set.body().toJsonObject()).isEqualTo(new JsonObject().put("type", 1));
    platform.always("/ipc/video/trans_encrypt", new JsonObject("{\"errno\":0,\"trans_enc\":1}"));
    assertThat(Await.result(client.product().transportEncryption().toCompletionStage())).isTrue();
    expect(platform.last(), HttpMethod.GET, "/ipc/video/trans_encrypt", MASTER, Map.of("product_id", "7355"));

    expect(sent(client.deviceStatus().online(List.of("1", "2"))), HttpMethod.GET, "/ipc/video/device/QryDevStatus",
        MASTER, Map.of("devIds", "1,2"));
    expect(sent(client.deviceStatus().messages("7", LocalDateTime.of(2018, 1, 1, 0, 0), LocalDateTime.of(2018, 1, 2, 0, 0),
        1, 50)), HttpMethod.GET, "/ipc/video/device/QryDevMsg", MASTER, Map.of("device_id", "7",
        "start_time", "2018-01-01 00:00:00", "end_time", "2018-01-02 00:00:00", "page_start", "1", "page_size", "50"));
    expect(sent(client.deviceStatus().bootAddress()), HttpMethod.GET, "/ipc/video/boot_address", null, Map.of());
    Received active = sent(client.deviceStatus().activate("7", Buffer.buffer("hello")));
    expect(active, HttpMethod.POST, "/ipc/video/dev_active", MASTER, Map.of("device_id", "7"));
    assertThat(active.body().toString()).isEqualTo("hello");
    expect(sent(client.product().record("7", 1, true)), HttpMethod.GET, "/ipc/video/record/record_video", MASTER,
        Map.of("product_id", "7355", "device_id", "7", "channel_id", "1", "action", "1"));
    Received close = sent(client.product().closeCamera("7", "1", true));
    expect(close, HttpMethod.PUT, "/ipc/video/access_control/closecamera", MASTER,
        Map.of("product_id", "7355", "device_id", "7", "id", "1"));
    assertThat(close.body().toJsonObject()).isEqualTo(new JsonObject().put("type", 1));
  }

  @Test
  void statRoutesOfSection13UseRunTogetherNames() throws Exception {
    platform.always("/ipc/video/stat/getonlinelist", new JsonObject("{\"errno\":0,\"result\":[]}"));
    platform.always("/ipc/video/stat/getpushlist", new JsonObject("{\"errno\":0,\"result\":[]}"));
    StatQuery query = new StatQuery("7355", "7", 1, "RTMP", 2);
    expect(sent(client.stat().onlineList(query, 2, "pk")), HttpMethod.GET, "/ipc/video/stat/getonlinelist", MASTER,
        Map.of("productid", "7355", "deviceid", "7", "channelid", "1", "protocoltype", "RTMP", "page_key", "pk",
            "page_size", "2", "page", "2"));
    expect(sent(client.stat().pushList(StatQuery.product("7355", 5), 1, null)), HttpMethod.GET,
        "/ipc/video/stat/getpushlist", MASTER, Map.of("productid", "7355", "page_size", "5", "page", "1"));
  }

  @Test
  void objectStorageRoutesOfSection15() throws Exception {
    platform.always("/ipc/video/file/upload", new JsonObject("{\"errno\":200,\"error\":\"succ\"}"));
    platform.always("/ipc/video/file/delete", new JsonObject("{\"errno\":200,\"error\":\"succ\"}"));
    platform.always("/ipc/video/file/list", new JsonObject("{\"errno\":0,\"data\":[{\"product_id\":7355,\"name\":\"a\",\"size\":3,\"date\":5,\"desc\":\"\"}]}"));
    platform.always("/ipc/video/file/download", new RecordingPlatform.Answer(200, "application/octet-stream", Buffer.buffer("abc")));
    Received upload = sent(client.objects().upload("a", "d", Buffer.buffer("abc")));
    expect(upload, HttpMethod.PUT, "/ipc/video/file/upload", MASTER, Map.of("product_id", "7355", "name", "a", "desc", "d"));
    assertThat(upload.body().toString()).isEqualTo("abc");
    assertThat(Await.result(client.objects().download("a").toCompletionStage()).toString()).isEqualTo("abc");
    expect(platform.last(), HttpMethod.GET, "/ipc/video/file/download", MASTER, Map.of("product_id", "7355", "name", "a"));
    expect(sent(client.objects().delete("a")), HttpMethod.DELETE, "/ipc/video/file/delete", MASTER,
        Map.of("product_id", "7355", "name", "a"));
    assertThat(Await.result(client.objects().list(null, 1, 10).toCompletionStage()).items()).hasSize(1);
    expect(platform.last(), HttpMethod.GET, "/ipc/video/file/list", MASTER,
        Map.of("product_id", "7355", "page_start", "1", "page_size", "10"));
  }

  @Test
  void withKeySendsTheDeviceKeyInsteadOfTheMasterKey() throws Exception {
    expect(sent(client.withKey("device-key").devices().get("42")), HttpMethod.GET, "/devices/42", "device-key", Map.of());
    expect(sent(client.devices().get("42")), HttpMethod.GET, "/devices/42", MASTER, Map.of());
  }

  private static Map<String, String> with(Map<String, String> base, String key, String value) {
    Map<String, String> copy = new LinkedHashMap<>(base);
    copy.put(key, value);
    return copy;
  }
}
