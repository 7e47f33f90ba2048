package dev.edgerelay.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Spec 15: errno = HTTP status, 200 for upload/delete, 0 for list, 1001-1003 name checks, 413 over 8 MB. */
class ObjectStorageRoutesTest extends SimTestBase {
  private static final String BASE = "/ipc/video/file/";
  private static final int EIGHT_MB = 8 * 1024 * 1024;

  private Api.Reply upload(String query, byte[] body) {
    return api.put(BASE + "upload?product_id=100001&" + query, body);
  }

  private static void assertCode(Api.Reply reply, int code, int httpStatus) {
    assertThat(reply.status()).as("status of %s", reply.body()).isEqualTo(httpStatus);
    assertThat(reply.contentType()).startsWith("application/json");
    assertThat(reply.json().getInteger("errno")).isEqualTo(code);
    assertThat(reply.json().getString("error")).isNotBlank();
  }

  @Test
  void shouldUploadListDownloadAndDelete() {
    assertCode(upload("name=rec/dev1/ch1/a-1.ts&desc=first", new byte[] {1, 2, 3}), 200, 200);
    assertCode(upload("name=rec/dev1/ch1/b_2.ts", new byte[] {4}), 200, 200);
    JsonObject list = api.get(BASE + "list?product_id=100001&name=rec/dev1/").json();
    assertThat(list.getInteger("errno")).isZero();
    assertThat(list.getJsonArray("data")).hasSize(2);
    JsonObject first = list.getJsonArray("data").getJsonObject(0);
    assertThat(first.getLong("product_id")).isEqualTo(100001);
    assertThat(first.getString("name")).isEqualTo("rec/dev1/ch1/a-1.ts");
    assertThat(first.getInteger("size")).isEqualTo(3);
    assertThat(first.getLong("date")).isEqualTo(START.getEpochSecond());
    assertThat(first.getString("desc")).isEqualTo("first");
    assertThat(list.getJsonObject("page_info").getInteger("total_num")).isEqualTo(2);

    Api.Reply download = api.get(BASE + "download?product_id=100001&name=rec/dev1/ch1/a-1.ts");
    assertThat(download.status()).isEqualTo(200);
    assertThat(download.body().getBytes()).containsExactly(1, 2, 3);

    assertCode(api.delete(BASE + "delete?product_id=100001&name=rec/dev1/ch1/a-1.ts"), 200, 200);
    assertCode(api.delete(BASE + "delete?product_id=100001&name=rec/dev1/ch1/a-1.ts"), 404, 404);
    assertCode(api.get(BASE + "download?product_id=100001&name=rec/dev1/ch1/a-1.ts"), 404, 404);
  }

  @Test
  void shouldCheckNamesAndDescs() {
    assertCode(upload("name=bad%20name", new byte[1]), 1001, 400);
    assertCode(upload("name=semi%3Bcolon", new byte[1]), 1001, 400);
    assertCode(upload("name=" + "n".repeat(257), new byte[1]), 1002, 400);
    assertCode(upload("name=ok&desc=" + "d".repeat(1025), new byte[1]), 1003, 400);
    assertCode(upload("desc=x", new byte[1]), 400, 400);
    assertCode(upload("name=" + "n".repeat(256) + "&desc=" + "d".repeat(1024), new byte[1]), 200, 200);
  }

  @Test
  void shouldRefuseObjectsOverEightMegabytes() {
    assertCode(upload("name=big.ts", new byte[EIGHT_MB + 1]), 413, 413);
    assertCode(upload("name=exact.ts", new byte[EIGHT_MB]), 200, 200);
    assertThat(sim.state().objects().get("100001", "exact.ts").orElseThrow().data()).hasSize(EIGHT_MB);
    assertThat(sim.state().objects().get("100001", "big.ts")).isEmpty();
  }

  @Test
  void shouldAnswerAuthFailuresWithSpecCodes() {
    assertCode(api.call(HttpMethod.PUT, BASE + "upload?product_id=100001&name=a", null, Api.buffer("x")), 401, 401);
    assertCode(api.call(HttpMethod.GET, BASE + "list?product_id=100001", "wrong", null), 401, 401);
    assertCode(api.get(BASE + "list?product_id=7"), 404, 404);
    String key = api.deviceKey(api.createDevice("uploader"));
    assertCode(api.call(HttpMethod.PUT, BASE + "upload?product_id=100001&name=by-device", key, Api.buffer("x")),
        200, 200);
  }
}
