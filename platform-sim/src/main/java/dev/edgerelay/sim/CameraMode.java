package dev.edgerelay.sim;

import java.util.Locale;

/** How synthetic cameras make their video: live-encoded pattern, a looped pattern clip, a looped file. */
public enum CameraMode {
  /** A moving test pattern with the wall-clock time, encoded live: one encoder thread per camera. */
  PATTERN,
  /** A pattern clip encoded once at start and replayed by every camera: near zero CPU per camera. */
  LOOP,
  /** A user's H.264/AAC file, remuxed once and replayed like {@link #LOOP}. */
  FILE,
  /** Seeded devices publish nothing: for HTTP-only use and tests of the API alone. */
  NONE;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** @throws IllegalArgumentException for anything but pattern, loop, file or none, naming the field first */
  public static CameraMode parse(String text) {
    for (CameraMode mode : values()) {
      if (mode.wireName().equals(text)) {
        return mode;
      }
    }
    throw new IllegalArgumentException("cameraMode must be pattern, loop, file or none, got " + text);
  }
}
