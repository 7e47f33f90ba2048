package dev.edgerelay.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Spec 6.1-6.5 over the recordings seeded at start ({@code cameras = 2}). */
class VodRoutesTest extends SimTestBase {
  private static final String BASE = "/ipc/video/vod/";

  @Override
  protected SimOptions options() {
    return super.options().setCameras(2);
  }

  private String camera() {
    return sim.state().devices().get(0).id();
  }

  private JsonArray videos(String query) {
    JsonObject reply = api.get(BASE + "get_video_list?" + query).assertOk().json();
    return reply.getJsonObject("data").getJsonArray("videos");
  }

  @Test
  void shouldSeedOnlineCamerasWithChannelsAndRecordings() {
    assertThat(sim.state().devices()).hasSize(2).allMatch(Device::online);
    assertThat(sim.state().channels(sim.state().devices().get(0).id())).hasSize(2);
    assertThat(sim.state().channels(sim.state().devices().get(1).id())).hasSize(1);
    JsonObject reply = api.get(BASE + "get_video_list?device_id=" + camera() + "&channel_id=1&page_size=2").json();
    assertThat(reply.getJsonObject("data").getJsonArray("videos")).hasSize(2);
    assertThat(reply.getJsonObject("page_info").getInteger("total_num")).isEqualTo(3);
    JsonObject video = reply.getJsonObject("data").getJsonArray("videos").getJsonObject(0);
    assertThat(video.getString("start")).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
    assertThat(video.getString("end")).isNotNull();
    assertThat(video.getLong("size")).isEqualTo(600 * 125_000L / 1024);
    assertThat(video.getString("hls_url")).startsWith("http://127.0.0.1:" + sim.httpPort() + "/rvod/" + camera() + "-1-");
    assertThat(video.getString("rtmp_url")).startsWith("rtmp://10.0.0.5:1935/rvod/" + camera() + "-1-");
  }

  @Test
  void shouldFilterByTimeAndName() {
    // seeded: ten-minute recordings from 10:01, 18:01 and 02:01 (Beijing), START being 10:00 on 2026-11-26
    assertThat(videos("device_id=" + camera() + "&channel_id=1&start_time=2026-11-25%2018:00:00")).hasSize(2);
    assertThat(videos("device_id=" + camera() + "&channel_id=1&start_time=2026-11-26%2000:00:00")).hasSize(1);
    assertThat(videos("device_id=" + camera() + "&channel_id=1&end_time=2026-11-25%2010:30:00")).hasSize(1);
    assertThat(videos("device_id=" + camera() + "&channel_id=1&name=-1-3")).hasSize(1);
    api.get(BASE + "get_video_list?device_id=" + camera() + "&channel_id=1&start_time=2026/11/25").assertError(111);
  }

  @Test
  void shouldGiveInfoRenameTokenAndDelete() {
    String dev = camera();
    String videoId = videos("device_id=" + dev + "&channel_id=2").getJsonObject(0).getString("videoid");
    String q = "device_id=" + dev + "&channel_id=2&video_id=" + videoId;
    JsonObject info = api.get(BASE + "get_video_info?" + q + "&security=1").assertOk().data();
    assertThat(info.getString("durtion")).isEqualTo("600");
    assertThat(info.getString("size")).isEqualTo(Long.toString(600 * 125_000L / 1024));
    assertThat(info.getString("hls_url")).startsWith("https://");
    assertThat(info.getString("rtmp_url")).startsWith("rtmpe://");

    api.put(BASE + "rename_video?" + q, new JsonObject().put("name", "renamed")).assertOk();
    assertThat(api.get(BASE + "get_video_info?" + q).data().getString("name")).isEqualTo("renamed");
    api.put(BASE + "rename_video?" + q, new JsonObject().put("name", 5)).assertError(111);

    String token = api.get(BASE + "get_play_token?" + q).assertOk().data().getString("token");
    PlayGrant grant = sim.state().checkPlayToken(token).orElseThrow();
    assertThat(grant.videoId()).isEqualTo(videoId);
    assertThat(grant.isLive()).isFalse();

    JsonObject body = new JsonObject().put("video", new JsonArray()
        .add(new JsonObject().put("videoId", videoId)).add(new JsonObject().put("videoId", 42)));
    JsonArray results = api.post(BASE + "delete_video?deviceid=" + dev + "&channeled=2", body).assertOk().json()
        .getJsonArray("data");
    assertThat(results.getJsonObject(0).getInteger("code")).isZero();
    assertThat(results.getJsonObject(1).getInteger("code")).isEqualTo(1);
    assertThat(results.getJsonObject(1).getString("message")).isEqualTo("not exist");
    api.get(BASE + "get_video_info?" + q).assertError(127);
    api.post(BASE + "delete_video?deviceid=" + dev + "&channeled=2", new JsonObject().put("video", "x"))
        .assertError(112);
  }
}
