package dev.edgerelay.relay.platform.contract;

import static dev.edgerelay.relay.platform.contract.SimFixture.expectError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.testing.Await;
import dev.edgerelay.media.testing.Eventually;
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
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Spec 3 (commands) and 4 (play_address, preload, live_preview) against the emulator. */
@ExtendWith(VertxExtension.class)
@Timeout(60)
class CommandAndPlayContractTest {
  /**
   * Each delivery step of the emulator (1 -> 2 -> 4) takes this long: long enough that cmd_resp
   * asked right after cmds surely finds no reply yet.
   */
  private static final long COMMAND_STEP_MILLIS = 1_000;
  private static final Duration DELIVERY_DEADLINE = Duration.ofSeconds(10);
  private static SimFixture fx;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    fx = SimFixture.start(vertx, new SimOptions().setCameras(4).setCameraMode(CameraMode.NONE).setCommandStepMillis(COMMAND_STEP_MILLIS));
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
  }

  @Test
  void shouldSendAQos0CommandThatIsDoneOnceSent() throws Exception {
    String device = fx.camera(0);
    CommandReceipt receipt = Await.result(fx.client.commands().send(CommandRequest.platform(device, 0,
        DeviceCommand.streamLevel(1, DeviceCommand.StreamLevel.HIGH))).toCompletionStage());
    assertThat(receipt.cmdUuid()).isNotBlank();
    assertThat(receipt.status().settled(0)).isTrue();
    CommandState state = Await.result(fx.client.commands().status(device, receipt.cmdUuid()).toCompletionStage());
    assertThat(state.status()).isEqualTo(CommandStatus.SENT);
  }

  @Test
  void shouldGetTheDecodedReplyOfAQos1LocalVideoListCommand() throws Exception {
    String device = fx.camera(0);
    CommandReceipt receipt = Await.result(fx.client.commands().send(CommandRequest.platform(device, 1,
        DeviceCommand.localVideoList(1, 1, 2, null, null))).toCompletionStage());
    expectError(fx.client.commands().response(device, receipt.cmdUuid()), SimError.COMMAND_NOT_REPLIED);
    CommandState replied = Eventually.value("the device's reply", DELIVERY_DEADLINE,
        () -> Await.result(fx.client.commands().status(device, receipt.cmdUuid()).toCompletionStage()),
        s -> s.status().settled(1));
    assertThat(replied.status()).isEqualTo(CommandStatus.DEVICE_REPLIED);
    LocalVideoList list = LocalVideoList.parse(Await.result(fx.client.commands().response(device, receipt.cmdUuid()).toCompletionStage()));
    assertThat(list.allCount()).isEqualTo(3);
    assertThat(list.videos()).hasSize(2).allSatisfy(v -> assertThat(v.beginTime()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d"));
  }

  @Test
  void shouldEchoAUserCommandAndReportUnknownCommands() throws Exception {
    String device = fx.camera(1);
    CommandReceipt receipt = Await.result(fx.client.commands().send(CommandRequest.user(device, 1,
        Buffer.buffer("ping"))).toCompletionStage());
    Eventually.until("the device's reply", DELIVERY_DEADLINE,
        () -> Await.result(fx.client.commands().status(device, receipt.cmdUuid()).toCompletionStage()).status().settled(1));
    assertThat(new String(Await.result(fx.client.commands().response(device,
        receipt.cmdUuid()).toCompletionStage()), StandardCharsets.UTF_8))
        .isEqualTo("ping");
    expectError(fx.client.commands().status(device, "no-such-uuid"), SimError.COMMAND_NOT_FOUND);
    expectError(fx.client.commands().response(device, "no-such-uuid"), SimError.COMMAND_NOT_FOUND);
    expectError(fx.client.commands().send(CommandRequest.user(device, 0, Buffer.buffer())), SimError.BODY_INVALID);
  }

  @Test
  void shouldPreloadAndFetchTheThumbnailWithTheHlsToken() throws Exception {
    String device = fx.camera(0);
    PlayAddress hls = Await.result(fx.client.play().address(device, 1, ProtocolType.HLS, 60_000L).toCompletionStage());
    assertThat(hls.type()).isEqualTo("http");
    assertThat(PlatformUrls.liveHls(hls, device, 1)).endsWith("/live/live_" + device + "_1/index.m3u8?" + hls.accessToken());
    Await.result(fx.client.play().preload(hls, device, 1, 120).toCompletionStage());
    Buffer jpeg = Await.result(fx.client.play().livePreview(hls, device, 1).toCompletionStage());
    assertThat(jpeg.getByte(0)).as("JPEG SOI").isEqualTo((byte) 0xFF);
    assertThat(jpeg.getByte(1)).isEqualTo((byte) 0xD8);
    PlayAddress other = Await.result(fx.client.play().address(device, 2, ProtocolType.HLS, null).toCompletionStage());
    PlatformException wrongStream = expectError(fx.client.play().livePreview(
        new PlayAddress(other.addr(), other.accessToken(), other.type(), other.coverAddr()), device, 1), SimError.TOKEN_INVALID);
    assertThat(wrongStream.httpStatus()).isEqualTo(403);
  }

  @Test
  void shouldRefuseAnExpiredToken() throws Exception {
    String device = fx.camera(2);
    PlayAddress hls = Await.result(fx.client.play().address(device, 1, ProtocolType.HLS, null).toCompletionStage());
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
      CommandReceipt offline = Await.result(fx.client.commands().send(CommandRequest.user(device, 1,
          Buffer.buffer("x"))).toCompletionStage());
      assertThat(offline.status()).isEqualTo(CommandStatus.DEVICE_OFFLINE);
    } finally {
      fx.control(HttpMethod.POST, "/sim/devices/" + device + "/online", null);
    }
    PlayAddress rtmp = Await.result(fx.client.play().address(device, 1, ProtocolType.RTMP, -1L).toCompletionStage());
    assertThat(rtmp.type()).isIn("rtmp", "rtmpe");
    assertThat(PlatformUrls.liveRtmp(rtmp, device, 1)).startsWith(rtmp.type() + "://" + rtmp.addr() + "/live/" + device + "-1?");
  }
}
