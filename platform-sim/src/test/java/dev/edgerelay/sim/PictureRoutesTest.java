package dev.edgerelay.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Spec 5.1-5.5: names unique per device-channel, list with page_info and time filter, info, both delete paths. */
class PictureRoutesTest extends SimTestBase {
  private static final String BASE = "/ipc/video/picture/";
  private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 1, 2, 3, (byte) 0xFF,
      (byte) 0xD9};

  private String query(String id, String name) {
    return "?device_id=" + id + "&channel_id=1&name=" + name;
  }

  @Test
  void shouldStoreListFetchAndDeletePictures() {
    String id = api.createOnlineCamera("pictures");
    api.put(BASE + "upload" + query(id, "snap%201") + "&format=jpg&desc=front", JPEG).assertOk();
    api.put(BASE + "upload" + query(id, "snap%201") + "&format=jpg", JPEG).assertError(126);
    clock.advance(Duration.ofSeconds(100));
    api.put(BASE + "upload" + query(id, "second") + "&format=png", new byte[] {1, 2}).assertOk();

    JsonObject all = api.get(BASE + "get_list?device_id=" + id + "&channel_id=1&page_start=1&page_size=1").assertOk()
        .json();
    assertThat(all.getJsonArray("data")).hasSize(1);
    assertThat(all.getJsonObject("page_info").getInteger("total_num")).isEqualTo(2);
    assertThat(all.getJsonObject("page_info").getInteger("page_total")).isEqualTo(2);
    long first = START.getEpochSecond();
    JsonArray filtered = api.get(BASE + "get_list?device_id=" + id + "&channel_id=1&start_time=" + (first + 50)
        + "&end_time=" + (first + 500)).assertOk().json().getJsonArray("data");
    assertThat(filtered).hasSize(1);
    assertThat(filtered.getJsonObject(0).getString("name")).isEqualTo("second");

    JsonObject info = api.get(BASE + "get_info" + query(id, "snap%201")).assertOk().data();
    assertThat(info.getString("format")).isEqualTo("jpg");
    assertThat(info.getInteger("size")).isEqualTo(JPEG.length);
    assertThat(info.getLong("date")).isEqualTo(first);
    assertThat(info.getString("desc")).isEqualTo("front");
    URI url = URI.create(info.getString("url"));
    Api.Reply image = api.get(url.getRawPath(), null);
    assertThat(image.status()).isEqualTo(200);
    assertThat(image.contentType()).isEqualTo("image/jpeg");
    assertThat(image.body().getBytes()).isEqualTo(JPEG);

    api.call(HttpMethod.DELETE, BASE + "delete_pictrue" + query(id, "snap%201"), sim.masterKey(), null).assertOk();
    api.call(HttpMethod.DELETE, BASE + "delete_picture" + query(id, "second"), sim.masterKey(), null).assertOk();
    api.get(BASE + "get_info" + query(id, "second")).assertError(125);
    api.get(url.getRawPath(), null).assertError(125);
  }

  @Test
  void shouldRejectBadPictureInput() {
    String id = api.createOnlineCamera("picture-input");
    api.put(BASE + "upload" + query(id, "a") + "&format=gif", JPEG).assertError(111);
    api.put(BASE + "upload" + query(id, "a"), JPEG).assertError(110);
    api.put(BASE + "upload" + query(id, "a") + "&format=jpg", new byte[0]).assertError(112);
    api.put(BASE + "upload?device_id=" + id + "&channel_id=7&name=a&format=jpg", JPEG).assertError(17);
    api.put(BASE + "upload" + query(id, "x".repeat(257)) + "&format=jpg", JPEG).assertError(111);
    api.get(BASE + "get_list?device_id=" + id + "&channel_id=1&page_size=101").assertError(111);
    api.get(BASE + "get_list?device_id=" + id + "&channel_id=1&start_time=yesterday").assertError(111);
  }
}
