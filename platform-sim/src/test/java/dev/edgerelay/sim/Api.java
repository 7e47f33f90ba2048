package dev.edgerelay.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.sim.server.PlatformSim;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.concurrent.TimeUnit;

/**
 * A test's view of the emulator over real HTTP on loopback: a Vert.x WebClient whose calls the test thread awaits
 * (never an event loop).
 */
final class Api implements AutoCloseable {
  /** What one call answered. */
  record Reply(int status, String contentType, Buffer body) {
    JsonObject json() {
      return new JsonObject(body);
    }

    int errno() {
      return json().getInteger("errno");
    }

    JsonObject data() {
      return json().getJsonObject("data");
    }

    /** Asserts the platform envelope with a non-zero errno and a sentence, never HTML, a trace or a 500. */
    Reply assertError(int expectedErrno) {
      assertThat(contentType).as("content type of %s", body).startsWith("application/json");
      assertThat(status).as("HTTP status of %s", body).isNotEqualTo(500);
      JsonObject json = json();
      assertThat(json.getInteger("errno")).as("errno of %s", body).isEqualTo(expectedErrno);
      assertThat(json.getString("error")).as("sentence of %s", body).hasSizeGreaterThan(10)
          .doesNotContain("Exception").doesNotContain("\tat ");
      return this;
    }

    Reply assertOk() {
      assertThat(status).as("status of %s", body).isEqualTo(200);
      assertThat(json().getInteger("errno")).as("errno of %s", body).isZero();
      assertThat(json().getString("error")).isEqualTo("succ");
      return this;
    }
  }

  private final WebClient client;
  private final PlatformSim sim;

  Api(Vertx vertx, PlatformSim sim) {
    this.client = WebClient.create(vertx);
    this.sim = sim;
  }

  Reply call(HttpMethod method, String uri, String key, Buffer body) {
    HttpRequest<Buffer> request = client.request(method, sim.httpPort(), "127.0.0.1", uri);
    if (key != null) {
      request.putHeader("api-key", key);
    }
    try {
      HttpResponse<Buffer> response = (body == null ? request.send() : request.sendBuffer(body))
          .await(20, TimeUnit.SECONDS);
      Buffer payload = response.body() == null ? Buffer.buffer() : response.body();
      return new Reply(response.statusCode(), String.valueOf(response.getHeader("content-type")), payload);
    } catch (Exception e) {
      throw new AssertionError(method + " " + uri + " failed: " + e, e);
    }
  }

  Reply get(String uri) {
    return call(HttpMethod.GET, uri, sim.masterKey(), null);
  }

  Reply get(String uri, String key) {
    return call(HttpMethod.GET, uri, key, null);
  }

  Reply post(String uri, Object body) {
    return call(HttpMethod.POST, uri, sim.masterKey(), buffer(body));
  }

  Reply put(String uri, Object body) {
    return call(HttpMethod.PUT, uri, sim.masterKey(), buffer(body));
  }

  Reply delete(String uri) {
    return call(HttpMethod.DELETE, uri, sim.masterKey(), null);
  }

  static Buffer buffer(Object body) {
    if (body == null) {
      return null;
    }
    if (body instanceof JsonObject json) {
      return json.toBuffer();
    }
    if (body instanceof byte[] bytes) {
      return Buffer.buffer(bytes);
    }
    return Buffer.buffer(body.toString());
  }

  /** Creates a device with the master key and returns its id. */
  String createDevice(String title) {
    return post("/devices", new JsonObject().put("title", title)).assertOk().data().getString("device_id");
  }

  /** Creates an online device with channel 1 and returns its id. */
  String createOnlineCamera(String title) {
    String id = createDevice(title);
    post("/ipc/video/device/AddChannel?device_id=" + id + "&channel_id=1&title=ch1", null).assertOk();
    call(HttpMethod.POST, "/sim/devices/" + id + "/online", null, null).assertOk();
    return id;
  }

  String deviceKey(String id) {
    return get("/devices/" + id).assertOk().data().getJsonArray("keys").getJsonObject(0).getString("key");
  }

  @Override
  public void close() {
    client.close();
  }
}
