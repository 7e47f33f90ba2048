package dev.edgerelay.relay.platform.contract;

import static dev.edgerelay.relay.platform.contract.SimFixture.expectError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.testing.Await;
import dev.edgerelay.relay.platform.PlatformClient;
import dev.edgerelay.relay.platform.model.BootAddress;
import dev.edgerelay.relay.platform.model.DeviceMessage;
import dev.edgerelay.relay.platform.model.DeviceOnline;
import dev.edgerelay.relay.platform.model.Page;
import dev.edgerelay.relay.platform.model.ProtocolType;
import dev.edgerelay.sim.http.SimError;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Spec 7 to 12 and 14 against the emulator. */
@ExtendWith(VertxExtension.class)
@Timeout(60)
class ProductAndStatusContractTest {
  private static SimFixture fx;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    fx = SimFixture.start(vertx, 3);
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
  }

  @Test
  void shouldSwitchTransportEncryptionAndSeeItInPlayAddress() throws Exception {
    String device = fx.camera(0);
    Await.result(fx.client.product().setTransportEncryption(true).toCompletionStage());
    try {
      assertThat(Await.result(fx.client.product().transportEncryption().toCompletionStage())).isTrue();
      assertThat(Await.result(fx.client.play().address(device, 1, ProtocolType.RTMP, null).toCompletionStage()).type()).isEqualTo("rtmpe");
    } finally {
      Await.result(fx.client.product().setTransportEncryption(false).toCompletionStage());
    }
    assertThat(Await.result(fx.client.product().transportEncryption().toCompletionStage())).isFalse();
  }

  @Test
  void shouldRefuseAnUnknownProduct() throws Exception {
    PlatformClient wrongProduct = PlatformClient.create(fx.vertx, SimFixture.clientOptions(fx.sim).setProductId("42"));
    try {
      expectError(wrongProduct.product().transportEncryption(), SimError.PRODUCT_NOT_FOUND);
      expectError(wrongProduct.product().record(fx.camera(0), 1, true), SimError.PRODUCT_NOT_FOUND);
    } finally {
      wrongProduct.close();
    }
  }

  @Test
  void shouldReportOnlineStatusOfSeveralDevices() throws Exception {
    String a = fx.camera(0);
    String b = fx.camera(1);
    fx.control(HttpMethod.POST, "/sim/devices/" + b + "/offline", null);
    try {
      assertThat(Await.result(fx.client.deviceStatus().online(List.of(a, b)).toCompletionStage()))
          .containsExactlyInAnyOrder(new DeviceOnline(a, true), new DeviceOnline(b, false));
      expectError(fx.client.deviceStatus().activate(b, Buffer.buffer("wake")), SimError.DEVICE_OFFLINE);
    } finally {
      fx.control(HttpMethod.POST, "/sim/devices/" + b + "/online", null);
    }
    Await.result(fx.client.deviceStatus().activate(b, Buffer.buffer("wake")).toCompletionStage());
  }

  @Test
  void shouldDecodeDeviceMessagesAndWalkTheirPages() throws Exception {
    String device = fx.camera(2);
    for (int i = 0; i < 3; i++) {
      fx.control(HttpMethod.POST, "/sim/devices/" + device + "/messages", new io.vertx.core.json.JsonObject()
          .put("n", i));
    }
    ZoneId zone = fx.sim.options().clock().getZone();
    LocalDateTime now = LocalDateTime.now(fx.sim.options().clock().withZone(zone));
    Page<DeviceMessage> page = Await.result(fx.client.deviceStatus().messages(device, now.minusDays(1),
        now.plusMinutes(1), 1, 2).toCompletionStage());
    assertThat(page.items()).hasSize(2);
    assertThat(page.info().totalNum()).isEqualTo(4);
    List<DeviceMessage> all = Await.result(fx.client.deviceStatus().messagesAll(device, now.minusDays(1),
        now.plusMinutes(1), 2).toCompletionStage());
    assertThat(all).extracting(m -> new String(m.msg(), StandardCharsets.UTF_8))
        .contains("hello from camera-3", "{\"n\":0}", "{\"n\":2}").hasSize(4);
    assertThat(Await.result(fx.client.deviceStatus().messages(device, now.minusDays(3), now.minusDays(2), 1,
        10).toCompletionStage()).items()).isEmpty();
  }

  @Test
  void shouldGiveTheBootAddressWithoutAKey() throws Exception {
    BootAddress boot = Await.result(fx.client.withKey(null).deviceStatus().bootAddress().toCompletionStage());
    assertThat(boot.host()).isNotBlank();
    assertThat(boot.port()).isPositive();
  }

  @Test
  void shouldStartAndStopRecordingAChannel() throws Exception {
    String device = fx.camera(0);
    Await.result(fx.client.product().record(device, 2, true).toCompletionStage());
    assertThat(fx.sim.state().isRecording(device, 2)).isTrue();
    Await.result(fx.client.product().record(device, 2, false).toCompletionStage());
    assertThat(fx.sim.state().isRecording(device, 2)).isFalse();
    expectError(fx.client.product().record(device, 77, true), SimError.CHANNEL_MISSING);
  }

  @Test
  void shouldCloseACameraSoThatPlayAddressAnswersErrno5AndReopenIt() throws Exception {
    String device = fx.camera(1);
    Await.result(fx.client.product().closeCamera(device, "1", true).toCompletionStage());
    try {
      expectError(fx.client.play().address(device, 1, ProtocolType.HLS, null), SimError.PLAY_DEVICE_DATA);
    } finally {
      Await.result(fx.client.product().closeCamera(device, "1", false).toCompletionStage());
    }
    assertThat(Await.result(fx.client.play().address(device, 1, ProtocolType.HLS, null).toCompletionStage()).accessToken()).isNotBlank();
  }
}
