package dev.edgerelay.relay.platform.contract;

import static dev.edgerelay.relay.platform.contract.SimFixture.await;
import static dev.edgerelay.relay.platform.contract.SimFixture.expectError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.relay.platform.PlatformClient;
import dev.edgerelay.relay.platform.model.BootAddress;
import dev.edgerelay.relay.platform.model.DeviceMessage;
import dev.edgerelay.relay.platform.model.DeviceOnline;
import dev.edgerelay.relay.platform.model.Page;
import dev.edgerelay.relay.platform.model.ProtocolType;
import dev.edgerelay.sim.http.SimError;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Spec 7 to 12 and 14 against the emulator. */
@Timeout(60)
class ProductAndStatusContractTest {
  private static SimFixture fx;

  @BeforeAll
  static void start() throws Exception {
    fx = SimFixture.start(3);
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
  }

  @Test
  void shouldSwitchTransportEncryptionAndSeeItInPlayAddress() throws Exception {
    String device = fx.camera(0);
    await(fx.client.product().setTransportEncryption(true));
    try {
      assertThat(await(fx.client.product().transportEncryption())).isTrue();
      assertThat(await(fx.client.play().address(device, 1, ProtocolType.RTMP, null)).type()).isEqualTo("rtmpe");
    } finally {
      await(fx.client.product().setTransportEncryption(false));
    }
    assertThat(await(fx.client.product().transportEncryption())).isFalse();
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
      assertThat(await(fx.client.deviceStatus().online(List.of(a, b))))
          .containsExactlyInAnyOrder(new DeviceOnline(a, true), new DeviceOnline(b, false));
      expectError(fx.client.deviceStatus().activate(b, Buffer.buffer("wake")), SimError.DEVICE_OFFLINE);
    } finally {
      fx.control(HttpMethod.POST, "/sim/devices/" + b + "/online", null);
    }
    await(fx.client.deviceStatus().activate(b, Buffer.buffer("wake")));
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
    Page<DeviceMessage> page = await(fx.client.deviceStatus().messages(device, now.minusDays(1), now.plusMinutes(1), 1, 2));
    assertThat(page.items()).hasSize(2);
    assertThat(page.info().totalNum()).isEqualTo(4);
    List<DeviceMessage> all = await(fx.client.deviceStatus().messagesAll(device, now.minusDays(1), now.plusMinutes(1), 2));
    assertThat(all).extracting(m -> new String(m.msg(), StandardCharsets.UTF_8))
        .contains("hello from camera-3", "{\"n\":0}", "{\"n\":2}").hasSize(4);
    assertThat(await(fx.client.deviceStatus().messages(device, now.minusDays(3), now.minusDays(2), 1, 10)).items()).isEmpty();
  }

  @Test
  void shouldGiveTheBootAddressWithoutAKey() throws Exception {
    BootAddress boot = await(fx.client.withKey(null).deviceStatus().bootAddress());
    assertThat(boot.host()).isNotBlank();
    assertThat(boot.port()).isPositive();
  }

  @Test
  void shouldStartAndStopRecordingAChannel() throws Exception {
    String device = fx.camera(0);
    await(fx.client.product().record(device, 2, true));
    assertThat(fx.sim.state().isRecording(device, 2)).isTrue();
    await(fx.client.product().record(device, 2, false));
    assertThat(fx.sim.state().isRecording(device, 2)).isFalse();
    expectError(fx.client.product().record(device, 77, true), SimError.CHANNEL_MISSING);
  }

  @Test
  void shouldCloseACameraSoThatPlayAddressAnswersErrno5AndReopenIt() throws Exception {
    String device = fx.camera(1);
    await(fx.client.product().closeCamera(device, "1", true));
    try {
      expectError(fx.client.play().address(device, 1, ProtocolType.HLS, null), SimError.PLAY_DEVICE_DATA);
    } finally {
      await(fx.client.product().closeCamera(device, "1", false));
    }
    assertThat(await(fx.client.play().address(device, 1, ProtocolType.HLS, null)).accessToken()).isNotBlank();
  }
}
