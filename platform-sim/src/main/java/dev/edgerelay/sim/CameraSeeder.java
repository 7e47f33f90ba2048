package dev.edgerelay.sim;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;

/**
 * Seeds a fresh emulator with {@code cameras} synthetic devices: online, one channel each (two on odd-numbered
 * ones), a few recordings per channel in the past day so the VOD routes have data, and one device message.
 */
public final class CameraSeeder {
  /** Recordings seeded per channel. */
  static final int RECORDINGS_PER_CHANNEL = 3;
  /** Each seeded recording lasts ten minutes... */
  static final long RECORDING_MILLIS = 10 * 60_000L;
  /** ...at about 1 Mbit/s, a plausible 720p camera. */
  static final long BYTES_PER_SECOND = 125_000L;
  private static final long DAY_MILLIS = 24 * 3_600_000L;

  private CameraSeeder() {}

  public static void seed(SimState state, int cameras) {
    long now = state.clock().millis();
    for (int i = 1; i <= cameras; i++) {
      JsonObject attributes = new JsonObject().put("title", "camera-" + i).put("desc", "synthetic camera " + i)
          .put("private", false).put("auth_info", new JsonObject().put("SYS", SimState.randomToken()))
          .put("other", new JsonObject().put("synthetic", true));
      Device device = state.createDevice(attributes, true, null, null).orElseThrow();
      int channels = i % 2 == 1 ? 2 : 1;
      for (int ch = 1; ch <= channels; ch++) {
        state.addChannel(new Channel(device.id(), ch, "channel" + ch, "synthetic channel " + ch));
        for (int k = 0; k < RECORDINGS_PER_CHANNEL; k++) {
          long start = now - DAY_MILLIS + k * (DAY_MILLIS / RECORDINGS_PER_CHANNEL) + ch * 60_000L;
          state.recordings().add(device.id(), ch, "rec-" + device.id() + "-" + ch + "-" + (k + 1), start,
              start + RECORDING_MILLIS, RECORDING_MILLIS / 1000 * BYTES_PER_SECOND);
        }
      }
      state.messages().add(device.id(), now - 3_600_000L, ("hello from camera-" + i).getBytes(StandardCharsets.UTF_8));
    }
  }
}
