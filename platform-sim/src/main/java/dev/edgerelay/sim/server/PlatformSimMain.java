package dev.edgerelay.sim.server;

import dev.edgerelay.sim.CameraMode;
import dev.edgerelay.sim.OriginJoin;
import dev.edgerelay.sim.SimOptions;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.global.avutil;

/**
 * Command line of the emulator:
 * {@code java -jar platform-sim.jar --http-port 18080 --rtmp-port 19350 --master-key KEY}. Stops cleanly on
 * SIGTERM (a shutdown hook closes the emulator, which writes the state file).
 */
public final class PlatformSimMain {
  /** How long the shutdown hook waits for the state file to be written. */
  static final long SHUTDOWN_TIMEOUT_SECONDS = 10;

  private PlatformSimMain() {}

  public static final String USAGE = String.join(System.lineSeparator(),
      "usage: java -jar platform-sim.jar [options]",
      "  --host H             address to bind and to advertise (default " + SimOptions.DEFAULT_HOST + ")",
      "  --http-port N        HTTP API port, 0 = ephemeral (default " + SimOptions.DEFAULT_HTTP_PORT + ")",
      "  --rtmp-port N        RTMP origin port, 0 = ephemeral (default " + SimOptions.DEFAULT_RTMP_PORT + ")",
      "  --rtmp-advertise H:P RTMP address given to players (default host:rtmp-port)",
      "  --master-key KEY     the product's master api-key (default " + SimOptions.DEFAULT_MASTER_KEY + ")",
      "  --product-id ID      the product id (default " + SimOptions.DEFAULT_PRODUCT_ID + ")",
      "  --state-file F       keep the state in F across restarts (default: memory only)",
      "  --cameras N          synthetic online devices to seed into a fresh state, each publishing (default 0)",
      "  --camera-mode M      pattern (live-encoded, max " + SimOptions.MAX_PATTERN_CAMERAS + "), loop (one clip"
          + " replayed, for scale), file or none (default pattern)",
      "  --camera-file F      the H.264/AAC file that file mode loops",
      "  --camera-size WxH    picture size (default " + SimOptions.DEFAULT_CAMERA_WIDTH + "x"
          + SimOptions.DEFAULT_CAMERA_HEIGHT + ")",
      "  --camera-bitrate B   video bit/s (default " + SimOptions.DEFAULT_CAMERA_BITRATE + ")",
      "  --camera-fps N       frames per second (default " + SimOptions.DEFAULT_CAMERA_FPS + ")",
      "  --camera-gop-seconds N  seconds between keyframes (default " + SimOptions.DEFAULT_CAMERA_GOP_SECONDS + ")",
      "  --camera-clip-seconds N  length of the loop-mode clip (default " + SimOptions.DEFAULT_CAMERA_CLIP_SECONDS + ")",
      "  --origin-join J      how the RTMP origin starts a player: keyframe (from its cached GOP) or nginx (audio"
          + " at once, video from the next keyframe, as nginx-rtmp) (default keyframe)",
      "  --help               print this and exit");

  /**
   * Parses the arguments into options.
   *
   * @return null when {@code --help} was asked for
   * @throws IllegalArgumentException naming the bad option
   */
  public static SimOptions parse(String[] args) {
    SimOptions options = new SimOptions();
    List<String> list = new ArrayList<>(List.of(args));
    for (int i = 0; i < list.size(); i++) {
      String option = list.get(i);
      if (option.equals("--help") || option.equals("-h")) {
        return null;
      }
      if (i + 1 >= list.size()) {
        throw new IllegalArgumentException("option " + option + " needs a value");
      }
      String value = list.get(++i);
      switch (option) {
        case "--host" -> options.setHost(value);
        case "--http-port" -> options.setHttpPort(integer(option, value));
        case "--rtmp-port" -> options.setRtmpPort(integer(option, value));
        case "--rtmp-advertise" -> options.setRtmpAdvertise(value);
        case "--master-key" -> options.setMasterKey(value);
        case "--product-id" -> options.setProductId(value);
        case "--state-file" -> options.setStateFile(value);
        case "--cameras" -> options.setCameras(integer(option, value));
        case "--camera-mode" -> options.setCameraMode(CameraMode.parse(value));
        case "--camera-file" -> options.setCameraFile(value);
        case "--camera-size" -> {
          String[] size = value.split("x", -1);
          if (size.length != 2) {
            throw new IllegalArgumentException("option " + option + " needs WxH, got " + value);
          }
          options.setCameraSize(integer(option, size[0]), integer(option, size[1]));
        }
        case "--camera-bitrate" -> options.setCameraBitrate(integer(option, value));
        case "--camera-fps" -> options.setCameraFps(integer(option, value));
        case "--camera-gop-seconds" -> options.setCameraGopSeconds(integer(option, value));
        case "--camera-clip-seconds" -> options.setCameraClipSeconds(integer(option, value));
        case "--origin-join" -> options.setOriginJoin(OriginJoin.parse(value));
        default -> throw new IllegalArgumentException("unknown option " + option);
      }
    }
    return options.validate();
  }

  private static int integer(String option, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("option " + option + " needs an integer, got " + value);
    }
  }

  public static void main(String[] args) {
    SimOptions options;
    try {
      options = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("platform-sim: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    if (options == null) {
      System.out.println(USAGE);
      return;
    }
    // FFmpeg logs every encoder start at info level; the emulator's own log says what matters
    avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    Vertx vertx = Vertx.vertx();
    PlatformSim sim;
    try {
      sim = PlatformSim.start(vertx, options).await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      System.err.println("platform-sim: could not start: " + e.getMessage());
      vertx.close();
      System.exit(1);
      return;
    }
    System.out.println("platform-sim: HTTP API at " + sim.baseUrl() + " (RTMP origin on port " + sim.rtmpPort()
        + ", address given to players: " + sim.rtmpAddress() + ", product " + sim.productId() + ", " + sim.state().devices().size() + " devices)");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        sim.close().eventually(vertx::close).await(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (Exception e) {
        System.err.println("platform-sim: unclean stop: " + e.getMessage());
      }
    }, "platform-sim-shutdown"));
  }
}
