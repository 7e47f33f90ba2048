package dev.edgerelay.relay.platform.contract;

import static dev.edgerelay.relay.platform.contract.SimFixture.await;
import static dev.edgerelay.relay.platform.contract.SimFixture.expectError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.relay.platform.PlatformException;
import dev.edgerelay.relay.platform.PlatformUrls;
import dev.edgerelay.relay.platform.model.CommandReceipt;
import dev.edgerelay.relay.platform.model.CommandRequest;
import dev.edgerelay.relay.platform.model.CommandState;
import dev.edgerelay.relay.platform.model.CommandStatus;
import dev.edgerelay.relay.platform.model.DeviceCommand;
import dev.edgerelay.relay.platform.model.LocalVideoList;
import dev.edgerelay.relay.platform.model.PlayAddress;
import dev.edgerelay.relay.platform.model.ProtocolType;
import dev.edgerelay.sim.CameraMode;
import dev.edgerelay.sim.SimOptions;
import dev.edgerelay.sim.http.SimError;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Spec 3 (commands) and 4 (play_address, preload, live_preview) against the emulator. */
@Timeout(60)
class CommandAndPlayContractTest {
  /**
   * Each delivery step of the emulator (1 -> 2 -> 4) takes this long: long enough that cmd_resp
   * asked right after cmds surely finds no reply yet.
   */
  private static final long COMMAND_STEP_MILLIS = 1_000;
  private static final long DELIVERY_DEADLINE_MILLIS = 10_000;
  private static SimFixture fx;

  @BeforeAll
  static void start() throws Exception {
    fx = SimFixture.start(new SimOptions().setCameras(4).setCameraMode(CameraMode.NONE).setCommandStepMillis(COMMAND_STEP_MILLIS));
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
  }

  @Test
  void shouldSendAQos0CommandThatIsDoneOnceSent() throws Exception {
    String device = fx.camera(0);
    CommandReceipt receipt = await(fx.client.commands().send(CommandRequest.platform(device, 0,
        DeviceCommand.streamLevel(1, DeviceCommand.StreamLevel.HIGH))));
    assertThat(receipt.cmdUuid()).isNotBlank();
    assertThat(receipt.status().settled(0)).isTrue();
    CommandState state = await(fx.client.commands().status(device, receipt.cmdUuid()));
    assertThat(state.status()).isEqualTo(CommandStatus.SENT);
  }

  @Test
  void shouldGetTheDecodedReplyOfAQos1LocalVideoListCommand() throws Exception {
    String device = fx.camera(0);
    CommandReceipt receipt = await(fx.client.commands().send(CommandRequest.platform(device, 1,
        DeviceCommand.localVideoList(1, 1, 2, null, null))));
    expectError(fx.client.commands().response(device, receipt.cmdUuid()), SimError.COMMAND_NOT_REPLIED);
    CommandState replied = await(fx.poll(() -> fx.client.commands().status(device, receipt.cmdUuid()),
        s -> s.status().settled(1), DELIVERY_DEADLINE_MILLIS));
    assertThat(replied.status()).isEqualTo(CommandStatus.DEVICE_REPLIED);
    LocalVideoList list = LocalVideoList.parse(await(fx.client.commands().response(device, receipt.cmdUuid())));
    assertThat(list.allCount()).isEqualTo(3);
    assertThat(list.videos()).hasSize(2).allSatisfy(v -> assertThat(v.beginTime()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d"));
  }

  @Test
  void shouldEchoAUserCommandAndReportUnknownCommands() throws Exception {
    String device = fx.camera(1);
    CommandReceipt receipt = await(fx.client.commands().send(CommandRequest.user(device, 1, Buffer.buffer("ping"))));
    await(fx.poll(() -> fx.client.commands().status(device, receipt.cmdUuid()), s -> s.status().settled(1),
        DELIVERY_DEADLINE_MILLIS));
    assertThat(new String(await(fx.client.commands().response(device, receipt.cmdUuid())), StandardCharsets.UTF_8))
        .isEqualTo("ping");
    expectError(fx.client.commands().status(device, "no-such-uuid"), SimError.COMMAND_NOT_FOUND);
    expectError(fx.client.commands().response(device, "no-such-uuid"), SimError.COMMAND_NOT_FOUND);
    expectError(fx.client.commands().send(CommandRequest.user(device, 0, Buffer.buffer())), SimError.BODY_INVALID);
  }

  @Test
  void shouldPreloadAndFetchTheThumbnailWithTheHlsToken() throws Exception {
    String device = fx.camera(0);
    PlayAddress hls = await(fx.client.play().address(device, 1, ProtocolType.HLS, 60_000L));
    assertThat(hls.type()).isEqualTo("http");
    assertThat(PlatformUrls.liveHls(hls, device, 1)).endsWith("/live/live_" + device + "_1/index.m3u8?" + hls.accessToken());
    await(fx.client.play().preload(hls, device, 1, 120));
    Buffer jpeg = await(fx.client.play().livePreview(hls, device, 1));
    assertThat(jpeg.getByte(0)).as("JPEG SOI").isEqualTo((byte) 0xFF);
    assertThat(jpeg.getByte(1)).isEqualTo((byte) 0xD8);
    PlayAddress other = await(fx.client.play().address(device, 2, ProtocolType.HLS, null));
    PlatformException wrongStream = expectError(fx.client.play().livePreview(
        new PlayAddress(other.addr(), other.accessToken(), other.type(), other.coverAddr()), device, 1), SimError.TOKEN_INVALID);
    assertThat(wrongStream.httpStatus()).isEqualTo(403);
  }

  @Test
  void shouldRefuseAnExpiredToken() throws Exception {
    String device = fx.camera(2);
    PlayAddress hls = await(fx.client.play().address(device, 1, ProtocolType.HLS, null));
    fx.control(HttpMethod.POST, "/sim/tokens/expire", null);
    expectError(fx.client.play().preload(hls, device, 1, 30), SimError.TOKEN_INVALID);
  }

  @Test
  void shouldAnswerPlayAddressErrorsOneToFiveOfTheSpec() throws Exception {
    String device = fx.camera(3);
    expectError(fx.client.play().address(device, 9, ProtocolType.RTMP, null), SimError.PLAY_NO_CHANNEL);
    expectError(fx.client.play().address(device, 1, ProtocolType.RTMP, 0L), SimError.PLAY_BAD_PARAMETER);
    fx.control(HttpMethod.POST, "/sim/devices/" + device + "/offline", null);
    try {
      expectError(fx.client.play().address(device, 1, ProtocolType.RTMP, null), SimError.PLAY_DEVICE_OFFLINE);
      CommandReceipt offline = await(fx.client.commands().send(CommandRequest.user(device, 1, Buffer.buffer("x"))));
      assertThat(offline.status()).isEqualTo(CommandStatus.DEVICE_OFFLINE);
    } finally {
      fx.control(HttpMethod.POST, "/sim/devices/" + device + "/online", null);
    }
    PlayAddress rtmp = await(fx.client.play().address(device, 1, ProtocolType.RTMP, -1L));
    assertThat(rtmp.type()).isIn("rtmp", "rtmpe");
    assertThat(PlatformUrls.liveRtmp(rtmp, device, 1)).startsWith(rtmp.type() + "://" + rtmp.addr() + "/live/" + device + "-1?");
  }
}
