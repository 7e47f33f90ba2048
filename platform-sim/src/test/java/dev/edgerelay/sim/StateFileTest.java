package dev.edgerelay.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgerelay.media.testing.Eventually;
import dev.edgerelay.media.testing.SettableClock;
import dev.edgerelay.sim.server.PlatformSim;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code --state-file}: what one emulator holds, the next one started on the same file holds too. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StateFileTest {
  @TempDir
  Path dir;
  private Vertx vertx;
  private final SettableClock clock = SettableClock.at(Instant.parse("2026-11-26T02:00:00Z"), SimOptions.DEFAULT_ZONE);

  @BeforeEach
  void takeVertx(Vertx injected) {
    vertx = injected; // VertxExtension closes it after each test
  }

  private PlatformSim start(Path file, int cameras) throws Exception {
    return PlatformSim.start(vertx, new SimOptions().setHttpPort(0).setRtmpPort(0).setCameraMode(CameraMode.NONE)
        .setClock(clock).setCameras(cameras)
        .setStateFile(file.toString())).await(20, TimeUnit.SECONDS);
  }

  @Test
  void shouldKeepStateAcrossRestart() throws Exception {
    Path file = dir.resolve("nested/state.json");
    PlatformSim first = start(file, 1);
    String id;
    String key;
    String token;
    try (Api api = new Api(vertx, first)) {
      id = api.createOnlineCamera("kept");
      key = api.deviceKey(id);
      api.put("/ipc/video/picture/upload?device_id=" + id + "&channel_id=1&name=p&format=jpg", new byte[] {1, 2})
          .assertOk();
      assertThat(api.put("/ipc/video/file/upload?product_id=100001&name=obj", new byte[] {9}).errno()).isEqualTo(200);
      api.put("/ipc/video/trans_encrypt?product_id=100001", new JsonObject().put("type", 1)).assertOk();
      token = api.get("/ipc/video/play_address?device_id=" + id + "&channel_id=1&protocol_type=0&timeout=-1")
          .data().getString("accessToken");
    }
    first.close().await(20, TimeUnit.SECONDS);
    first.close().await(20, TimeUnit.SECONDS);
    assertThat(file).exists();

    PlatformSim second = start(file, 1);
    try (Api api = new Api(vertx, second)) {
      assertThat(second.state().devices()).as("not seeded again").hasSize(2);
      assertThat(api.get("/devices/" + id, key).assertOk().data().getString("title")).isEqualTo("kept");
      assertThat(api.get("/ipc/video/picture/get_info?device_id=" + id + "&channel_id=1&name=p").assertOk().data()
          .getInteger("size")).isEqualTo(2);
      assertThat(api.get("/ipc/video/file/download?product_id=100001&name=obj").body().getBytes()).containsExactly(9);
      assertThat(api.get("/ipc/video/trans_encrypt?product_id=100001").json().getInteger("trans_enc")).isEqualTo(1);
      assertThat(second.state().checkPlayToken(token)).isPresent();
      String seeded = second.state().devices().get(0).id();
      assertThat(second.state().recordings().list(seeded, 1)).hasSize(CameraSeeder.RECORDINGS_PER_CHANNEL);
      String next = api.createDevice("after-restart");
      assertThat(Long.parseLong(next)).isGreaterThan(Long.parseLong(id));
    } finally {
      second.close().await(20, TimeUnit.SECONDS);
    }
  }

  @Test
  void shouldSavePeriodicallyWhileRunning() throws Exception {
    Path file = dir.resolve("periodic.json");
    PlatformSim sim = PlatformSim.start(vertx, new SimOptions().setHttpPort(0).setRtmpPort(0)
        .setCameraMode(CameraMode.NONE).setStateFile(file.toString())
        .setStateSaveIntervalMillis(100)).await(20, TimeUnit.SECONDS);
    try (Api api = new Api(vertx, sim)) {
      String id = api.createDevice("periodic");
      Eventually.until("the state file written with the new device", Duration.ofSeconds(10), () -> {
        try {
          return Files.exists(file) && Files.readString(file).contains(id);
        } catch (IOException e) {
          throw new UncheckedIOException(e); // a save in progress: not yet
        }
      });
    } finally {
      sim.close().await(20, TimeUnit.SECONDS);
    }
  }

  @Test
  void shouldRefuseToStartOnCorruptStateFile() throws Exception {
    Path file = dir.resolve("corrupt.json");
    Files.writeString(file, "{not json");
    assertThatThrownBy(() -> start(file, 0)).hasMessageContaining("not a JSON snapshot");
  }
}
