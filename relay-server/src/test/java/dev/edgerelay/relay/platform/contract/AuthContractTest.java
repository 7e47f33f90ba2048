package dev.edgerelay.relay.platform.contract;

import static dev.edgerelay.relay.platform.contract.SimFixture.expectError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.testing.Await;
import dev.edgerelay.relay.platform.PlatformClient;
import dev.edgerelay.relay.platform.model.DeviceRegistration;
import dev.edgerelay.relay.platform.model.NewDevice;
import dev.edgerelay.relay.platform.model.ProtocolType;
import dev.edgerelay.relay.platform.model.StatQuery;
import dev.edgerelay.relay.platform.model.VideoQuery;
import dev.edgerelay.sim.http.SimError;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The key rules of API-NOTES "Envelope, auth, host": no key, a wrong key, a device key used on
 * another device, device keys on master-only routes, and the two routes that take no key.
 */
@ExtendWith(VertxExtension.class)
@Timeout(60)
class AuthContractTest {
  private static SimFixture fx;
  private static String deviceA;
  private static String deviceB;
  private static PlatformClient asA;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    fx = SimFixture.start(vertx, 2);
    deviceA = fx.camera(0);
    deviceB = fx.camera(1);
    asA = fx.client.withKey(fx.deviceKey(deviceA));
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
  }

  @Test
  void shouldRefuseACallWithoutAKey() {
    PlatformClient anonymous = fx.client.withKey(null);
    expectError(anonymous.devices().get(deviceA), SimError.AUTH_MISSING);
    expectError(anonymous.channels().list(deviceA), SimError.AUTH_MISSING);
    expectError(anonymous.play().address(deviceA, 1, ProtocolType.HLS, null), SimError.AUTH_MISSING);
  }

  @Test
  void shouldRefuseAnUnknownKey() {
    PlatformClient stranger = fx.client.withKey("not-a-key");
    expectError(stranger.devices().get(deviceA), SimError.AUTH_INVALID);
    expectError(stranger.vod().list(VideoQuery.all(deviceA, 1, 10), 1), SimError.AUTH_INVALID);
  }

  @Test
  void shouldLetADeviceKeyOperateOnlyItsOwnDevice() throws Exception {
    assertThat(Await.result(asA.devices().get(deviceA).toCompletionStage()).id()).isEqualTo(deviceA);
    assertThat(Await.result(asA.channels().list(deviceA).toCompletionStage())).isNotEmpty();
    assertThat(Await.result(asA.play().address(deviceA, 1, ProtocolType.HLS, null).toCompletionStage()).accessToken()).isNotBlank();
    expectError(asA.devices().get(deviceB), SimError.AUTH_OTHER_DEVICE);
    expectError(asA.channels().list(deviceB), SimError.AUTH_OTHER_DEVICE);
    expectError(asA.play().address(deviceB, 1, ProtocolType.HLS, null), SimError.AUTH_OTHER_DEVICE);
    expectError(asA.vod().list(VideoQuery.all(deviceB, 1, 10), 1), SimError.AUTH_OTHER_DEVICE);
    expectError(asA.deviceStatus().online(List.of(deviceB)), SimError.AUTH_OTHER_DEVICE);
    expectError(asA.devices().delete(deviceB), SimError.AUTH_OTHER_DEVICE);
  }

  @Test
  void shouldKeepMasterOnlyRoutesFromDeviceKeys() throws Exception {
    expectError(asA.devices().add(NewDevice.titled("sneaky")), SimError.AUTH_MASTER_ONLY);
    expectError(asA.stat().onlineList(StatQuery.product(fx.sim.productId(), 10), 1, null), SimError.AUTH_MASTER_ONLY);
    expectError(asA.stat().pushList(StatQuery.product(fx.sim.productId(), 10), 1, null), SimError.AUTH_MASTER_ONLY);
    assertThat(Await.result(fx.client.stat().onlineList(StatQuery.product(fx.sim.productId(), 10), 1,
        null).toCompletionStage()).items()).isEmpty();
  }

  @Test
  void shouldServeRegisterAndBootAddressWithoutAKey() throws Exception {
    PlatformClient anonymous = fx.client.withKey(null);
    assertThat(Await.result(anonymous.devices().register(DeviceRegistration.byMac(null, "00:11:22:33:44:55",
        "m")).toCompletionStage()).key())
        .isNotBlank();
    assertThat(Await.result(anonymous.deviceStatus().bootAddress().toCompletionStage()).port()).isPositive();
  }
}
