package dev.edgerelay.relay.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgerelay.relay.hls.HlsOptions;
import dev.edgerelay.relay.options.ConfigException;
import dev.edgerelay.sim.CameraMode;
import dev.edgerelay.sim.OriginJoin;
import io.vertx.core.json.JsonObject;
import java.time.ZoneId;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The options tree and the flag table agree: every flag lands on a field, with that field's own default. */
class NodeOptionsTest {
  @Test
  void everyFlagShouldNameAFieldOfTheTreeAndShowThatFieldsDefault() {
    JsonObject defaults = new NodeOptions().toJson();

    for (NodeOption option : NodeOption.values()) {
      if (option.path() == null) {
        continue;
      }
      Object value = at(defaults, option.path());
      if (option.defaultValue() == null) {
        assertThat(value == null || "".equals(value)).as(option + " has no default").isTrue();
      } else {
        assertThat(String.valueOf(value)).as(option + " at " + option.path()).isEqualTo(option.defaultValue());
      }
    }
  }

  @Test
  void shouldReadBackWhatItWrites() {
    NodeOptions options = new NodeOptions().setHttpPort(9000).setPlatformUrl("https://platform.example");
    options.hls().setSegmentMillis(1_000).setWindow(4);
    options.sim().setCameras(7).setCameraMode(CameraMode.LOOP).setOriginJoin(OriginJoin.NGINX);
    options.platform().setApiKey("k");
    options.recorder().setChannels("1001-0");

    NodeOptions copy = new NodeOptions(options.toJson());

    assertThat(copy.toJson()).isEqualTo(options.toJson());
    assertThat(copy.hls().segmentMillis()).isEqualTo(1_000);
    assertThat(copy.sim().cameraMode()).isEqualTo(CameraMode.LOOP);
    assertThat(copy.sim().originJoin()).isEqualTo(OriginJoin.NGINX);
  }

  @Test
  void shouldKeepTheNodesDefaultsForAbsentKeysOfASection() {
    NodeOptions options = new NodeOptions(new JsonObject().put("sim", new JsonObject().put("httpPort", 0))
        .put("platform", new JsonObject().put("productId", "7")));

    assertThat(options.sim().cameras()).isEqualTo(NodeOptions.DEFAULT_SIM_CAMERAS);
    assertThat(options.platform().apiKey()).isEqualTo(NodeOptions.DEFAULT_API_KEY);
    assertThat(options.platform().productId()).isEqualTo("7");
  }

  @Test
  void shouldNameTheFieldPathOrTheFlagOfAValueOutOfRange() {
    assertThatThrownBy(() -> new NodeOptions().setHls(new HlsOptions().setWindow(1)).validate())
        .isInstanceOf(ConfigException.class).hasMessage("hls.window must be between 3 and 100, got 1");
    assertThatThrownBy(() -> new NodeConfigLoader(Map.of("EDGE_HLS_WINDOW", "1"), new Properties()).load(Map.of()))
        .isInstanceOf(ConfigException.class).hasMessage("--hls-window must be between 3 and 100, got 1");
    assertThatThrownBy(() -> new NodeConfigLoader(Map.of(), new Properties()).load(Map.of(NodeOption.SIM_CAMERA_MODE, "x")))
        .hasMessage("--sim-camera-mode must be pattern, loop, file or none, got x");
    assertThatThrownBy(() -> new NodeConfigLoader(Map.of(), new Properties()).load(Map.of(NodeOption.SIM_ORIGIN_JOIN, "x")))
        .hasMessage("--sim-origin-join must be keyframe or nginx, got x");
  }

  @Test
  void shouldTakeTheScrapeKeyFromItsFlagAndRefuseOneEqualToTheMasterKey() {
    NodeOptions options = new NodeConfigLoader(Map.of("EDGE_METRICS_SCRAPE_KEY", "for-prometheus"), new Properties())
        .load(Map.of());
    assertThat(options.metrics().scrapeKey()).isEqualTo("for-prometheus");

    assertThatThrownBy(() -> new NodeConfigLoader(Map.of(), new Properties())
        .load(Map.of(NodeOption.API_KEY, "same", NodeOption.METRICS_SCRAPE_KEY, "same")))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("--metrics-scrape-key must differ from the master key");
  }

  @Test
  void shouldTakeTheTimeZoneFromItsFlagDefaultToTheSystemsAndRefuseAnUnknownOne() {
    assertThat(new NodeConfigLoader(Map.of(), new Properties()).load(Map.of(NodeOption.TIME_ZONE, "Asia/Tokyo"))
        .zone()).isEqualTo(ZoneId.of("Asia/Tokyo"));
    assertThat(new NodeOptions().zone()).isEqualTo(ZoneId.systemDefault());

    assertThatThrownBy(() -> new NodeConfigLoader(Map.of(), new Properties())
        .load(Map.of(NodeOption.TIME_ZONE, "Mars/Olympus")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("'Mars/Olympus' is not a time zone");
  }

  @Test
  void shouldRunOneEventLoopPerCoreUnlessToldAndRefuseANegativeCount() {
    assertThat(new NodeOptions().eventLoopThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(new NodeConfigLoader(Map.of(), new Properties()).load(Map.of(NodeOption.EVENT_LOOPS, "3"))
        .eventLoopThreads()).isEqualTo(3);

    assertThatThrownBy(() -> new NodeConfigLoader(Map.of("EDGE_EVENT_LOOPS", "-1"), new Properties()).load(Map.of()))
        .isInstanceOf(ConfigException.class).hasMessage("--event-loops must be between 0 and 256, got -1");
  }

  @Test
  void helpShouldPrintRangesAndDefaultsFromTheOptionsClasses() {
    String usage = CommandLine.usage();

    assertThat(usage).contains("live HLS target segment duration, " + HlsOptions.MIN_SEGMENT_MILLIS + " to "
        + HlsOptions.MAX_SEGMENT_MILLIS + " (default " + HlsOptions.DEFAULT_SEGMENT_MILLIS + ")");
    assertThat(usage).contains("--thumbnail-workers N").contains("1 to 64 (default 2)");
    assertThat(usage).contains("(default " + NodeOptions.DEFAULT_API_KEY + ")");
  }

  private static Object at(JsonObject json, String path) {
    String[] keys = path.split("\\.");
    JsonObject parent = json;
    for (int i = 0; i < keys.length - 1; i++) {
      parent = parent.getJsonObject(keys[i]);
    }
    return parent.getValue(keys[keys.length - 1]);
  }
}
