package dev.edgerelay.relay.platform.contract;

import static dev.edgerelay.relay.platform.contract.SimFixture.expectError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.testing.Await;
import dev.edgerelay.relay.platform.model.Channel;
import dev.edgerelay.relay.platform.model.Device;
import dev.edgerelay.relay.platform.model.DeviceRegistration;
import dev.edgerelay.relay.platform.model.DeviceSearch;
import dev.edgerelay.relay.platform.model.DeviceUpdate;
import dev.edgerelay.relay.platform.model.NewDevice;
import dev.edgerelay.relay.platform.model.Page;
import dev.edgerelay.sim.http.SimError;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Spec 1 (devices) and 2 (channels) against the emulator. */
@ExtendWith(VertxExtension.class)
@Timeout(60)
class DeviceAndChannelContractTest {
  private static final int CAMERAS = 5;
  private static SimFixture fx;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    fx = SimFixture.start(vertx, CAMERAS);
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
  }

  @Test
  void shouldAddGetUpdateAndDeleteADevice() throws Exception {
    String id = Await.result(fx.client.devices().add(NewDevice.titled("lobby").withDesc("front door")).toCompletionStage());
    Device device = Await.result(fx.client.devices().get(id).toCompletionStage());
    assertThat(device.id()).isEqualTo(id);
    assertThat(device.title()).isEqualTo("lobby");
    assertThat(device.desc()).isEqualTo("front door");
    assertThat(device.keys()).as("1.4 lists the device's keys").isNotEmpty();

    Await.result(fx.client.devices().update(id, DeviceUpdate.none().withTitle("lobby2").withTags(List.of("a", "b"))).toCompletionStage());
    Device updated = Await.result(fx.client.devices().get(id).toCompletionStage());
    assertThat(updated.title()).isEqualTo("lobby2");
    assertThat(updated.desc()).as("1.3 changes only the fields sent").isEqualTo("front door");

    Await.result(fx.client.devices().delete(id).toCompletionStage());
    expectError(fx.client.devices().get(id), SimError.DEVICE_NOT_FOUND);
    expectError(fx.client.devices().delete(id), SimError.DEVICE_NOT_FOUND);
    expectError(fx.client.devices().update(id, DeviceUpdate.none().withDesc("x")), SimError.DEVICE_NOT_FOUND);
  }

  @Test
  void shouldRegisterWithoutAKeyAndOperateWithTheReturnedDeviceKey() throws Exception {
    DeviceRegistration.Registered registered = Await.result(fx.client.withKey(null).devices()
        .register(DeviceRegistration.bySerial("code-1", "SN-0001", "reg")).toCompletionStage());
    assertThat(registered.key()).isNotBlank();
    Device own = Await.result(fx.client.withKey(registered.key()).devices().get(registered.deviceId()).toCompletionStage());
    assertThat(own.title()).isEqualTo("reg");
    Await.result(fx.client.withKey(registered.key()).devices().update(registered.deviceId(),
        DeviceUpdate.none().withDesc("mine")).toCompletionStage());
  }

  @Test
  void shouldSearchOnePageAndWalkEveryPage() throws Exception {
    Page<Device> first = Await.result(fx.client.devices().search(DeviceSearch.all().withKeyWords("camera-").withPage(1, 2)).toCompletionStage());
    assertThat(first.items()).hasSize(2);
    assertThat(first.info().totalNum()).isEqualTo(CAMERAS);
    assertThat(first.info().pageTotal()).isEqualTo(3);
    List<Device> all = Await.result(fx.client.devices().searchAll(DeviceSearch.all().withKeyWords("camera-").withPage(1, 2)).toCompletionStage());
    assertThat(all).extracting(Device::title).containsExactlyInAnyOrder("camera-1", "camera-2", "camera-3", "camera-4",
        "camera-5");
    assertThat(Await.result(fx.client.devices().search(DeviceSearch.all().withKeyWords("no-such-device")).toCompletionStage()).items()).isEmpty();
  }

  @Test
  void shouldListAddModifyAndDeleteChannels() throws Exception {
    String device = fx.camera(1);
    assertThat(Await.result(fx.client.channels().list(device).toCompletionStage())).extracting(Channel::channelId).containsExactly(1);

    Await.result(fx.client.channels().add(device, new Channel(7, "yard", "back yard")).toCompletionStage());
    assertThat(Await.result(fx.client.channels().list(device).toCompletionStage())).contains(new Channel(7, "yard", "back yard"));
    expectError(fx.client.channels().add(device, new Channel(7, "yard", null)), SimError.CHANNEL_EXISTS);

    Await.result(fx.client.channels().modify(device, new Channel(7, "garden", "renamed")).toCompletionStage());
    assertThat(Await.result(fx.client.channels().list(device).toCompletionStage())).contains(new Channel(7, "garden", "renamed"));
    expectError(fx.client.channels().modify(device, new Channel(99, "none", null)), SimError.CHANNEL_MISSING);

    Await.result(fx.client.channels().delete(device, 7).toCompletionStage());
    assertThat(Await.result(fx.client.channels().list(device).toCompletionStage())).extracting(Channel::channelId).containsExactly(1);
    expectError(fx.client.channels().delete(device, 7), SimError.CHANNEL_MISSING);
  }

  @Test
  void shouldReportChannelsOfAnUnknownDevice() {
    expectError(fx.client.channels().list("999999999"), SimError.DEVICE_NOT_FOUND);
  }
}
