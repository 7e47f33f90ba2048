package dev.edgerelay.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgerelay.sim.server.PlatformSimMain;
import org.junit.jupiter.api.Test;

/** Options: JSON round trip, validation naming the field, and the command line. */
class SimOptionsTest {

  @Test
  void shouldRoundTripJson() {
    SimOptions options = new SimOptions().setHost("0.0.0.0").setHttpPort(1).setRtmpPort(2)
        .setRtmpAdvertise("cam.example:1935").setMasterKey("k").setProductId("7312").setStateFile("/tmp/s.json")
        .setCameras(3).setTokenLifetimeMillis(5).setCommandStepMillis(6).setStateSaveIntervalMillis(700)
        .setObjectStoreMaxBytes(8).setOriginJoin(OriginJoin.NGINX);
    assertThat(new SimOptions(options.toJson()).toJson()).isEqualTo(options.toJson());
    assertThat(new SimOptions(options.toJson()).originJoin()).isEqualTo(OriginJoin.NGINX);
    assertThat(options.toString()).doesNotContain("\"k\"");
  }

  @Test
  void shouldHaveDocumentedDefaults() {
    SimOptions options = new SimOptions();
    assertThat(options.httpPort()).isEqualTo(18080);
    assertThat(options.rtmpPort()).isEqualTo(19350);
    assertThat(options.masterKey()).isEqualTo("sim-master-key");
    assertThat(options.productId()).isEqualTo("100001");
    assertThat(options.host()).isEqualTo("127.0.0.1");
    assertThat(options.stateFile()).isNull();
    assertThat(options.cameras()).isZero();
    assertThat(options.originJoin()).isEqualTo(OriginJoin.KEYFRAME);
  }

  @Test
  void shouldParseTheOriginJoinMode() {
    assertThat(PlatformSimMain.parse(new String[] {"--origin-join", "nginx"}).originJoin()).isEqualTo(OriginJoin.NGINX);
    assertThat(PlatformSimMain.parse(new String[] {"--origin-join", "keyframe"}).originJoin())
        .isEqualTo(OriginJoin.KEYFRAME);
    assertThatThrownBy(() -> PlatformSimMain.parse(new String[] {"--origin-join", "gop"}))
        .hasMessage("originJoin must be keyframe or nginx, got gop");
    assertThat(PlatformSimMain.USAGE).contains("--origin-join");
  }

  @Test
  void shouldNameTheFieldThatFailsValidation() {
    assertThatThrownBy(() -> new SimOptions().setHttpPort(70000).validate()).hasMessageContaining("httpPort");
    assertThatThrownBy(() -> new SimOptions().setProductId("abc").validate()).hasMessageContaining("productId");
    assertThatThrownBy(() -> new SimOptions().setRtmpAdvertise("nohost").validate())
        .hasMessageContaining("rtmpAdvertise");
    assertThatThrownBy(() -> new SimOptions().setCameras(-1).validate()).hasMessageContaining("cameras");
    assertThatThrownBy(() -> new SimOptions().setMasterKey(" ").validate()).hasMessageContaining("masterKey");
  }

  @Test
  void shouldParseCommandLine() {
    SimOptions options = PlatformSimMain.parse(new String[] {"--http-port", "18081", "--rtmp-port", "19351",
        "--master-key", "KEY", "--rtmp-advertise", "10.1.1.1:1935", "--product-id", "42", "--host", "0.0.0.0",
        "--state-file", "s.json", "--cameras", "4"});
    assertThat(options.httpPort()).isEqualTo(18081);
    assertThat(options.rtmpPort()).isEqualTo(19351);
    assertThat(options.masterKey()).isEqualTo("KEY");
    assertThat(options.rtmpAdvertise()).isEqualTo("10.1.1.1:1935");
    assertThat(options.productId()).isEqualTo("42");
    assertThat(options.host()).isEqualTo("0.0.0.0");
    assertThat(options.stateFile()).isEqualTo("s.json");
    assertThat(options.cameras()).isEqualTo(4);
    assertThat(PlatformSimMain.parse(new String[] {"--help"})).isNull();
    assertThatThrownBy(() -> PlatformSimMain.parse(new String[] {"--bogus", "1"})).hasMessageContaining("--bogus");
    assertThatThrownBy(() -> PlatformSimMain.parse(new String[] {"--http-port"})).hasMessageContaining("needs a value");
    assertThatThrownBy(() -> PlatformSimMain.parse(new String[] {"--cameras", "x"})).hasMessageContaining("integer");
    assertThat(PlatformSimMain.USAGE).contains("--http-port", "--rtmp-port", "--rtmp-advertise", "--master-key",
        "--product-id", "--host", "--state-file", "--cameras", "--help");
  }

  @Test
  void shouldParseAndCheckCameraOptions() {
    SimOptions options = PlatformSimMain.parse(new String[] {"--cameras", "200", "--camera-mode", "loop",
        "--camera-size", "1280x720", "--camera-bitrate", "2000000", "--camera-fps", "30", "--camera-gop-seconds", "3",
        "--camera-clip-seconds", "4"});
    assertThat(options.cameraMode()).isEqualTo(CameraMode.LOOP);
    assertThat(options.cameraWidth()).isEqualTo(1280);
    assertThat(options.cameraHeight()).isEqualTo(720);
    assertThat(options.cameraBitrate()).isEqualTo(2_000_000);
    assertThat(options.cameraFps()).isEqualTo(30);
    assertThat(options.cameraClipSeconds()).isEqualTo(4);
    assertThat(options.cameraGopSeconds()).isEqualTo(3);
    assertThat(new SimOptions(options.toJson()).toJson()).isEqualTo(options.toJson());
    SimOptions file = PlatformSimMain.parse(new String[] {"--camera-mode", "file", "--camera-file", "a.mp4"});
    assertThat(file.cameraFile()).isEqualTo("a.mp4");
    assertThat(new SimOptions().cameraMode()).isEqualTo(CameraMode.PATTERN);
    assertThatThrownBy(() -> PlatformSimMain.parse(new String[] {"--camera-mode", "file"}))
        .hasMessageContaining("cameraFile");
    assertThatThrownBy(() -> PlatformSimMain.parse(new String[] {"--camera-mode", "tv"}))
        .hasMessageContaining("pattern, loop");
    assertThatThrownBy(() -> PlatformSimMain.parse(new String[] {"--camera-size", "1280"}))
        .hasMessageContaining("WxH");
    assertThatThrownBy(() -> PlatformSimMain.parse(new String[] {"--camera-size", "641x360"}))
        .hasMessageContaining("cameraWidth");
    assertThatThrownBy(() -> PlatformSimMain.parse(new String[] {"--cameras", "100"}))
        .hasMessageContaining("loop mode");
    assertThatThrownBy(() -> new SimOptions().setCameraClipSeconds(1).validate())
        .hasMessageContaining("cameraClipSeconds");
    assertThatThrownBy(() -> new SimOptions().setCameraBitrate(10).validate()).hasMessageContaining("cameraBitrate");
    assertThat(PlatformSimMain.USAGE).contains("--camera-mode", "--camera-file", "--camera-size", "--camera-bitrate");
  }
}
