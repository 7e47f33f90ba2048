package dev.edgerelay.recorder.outbox;

import java.util.Objects;

/**
 * Where an item lands at the platform. Recordings: {@code name} and {@code desc} of spec 15.1 in the node's
 * product. Pictures: spec 5.1's {@code device_id}, {@code channel_id}, {@code format}, {@code name}, {@code desc}.
 * Names are sanitised on construction ({@link ObjectNames}) so that 1001/1002 never answer the first try.
 *
 * @param format "jpg" or "png" for pictures, empty for recordings
 */
public record UploadTarget(String name, String desc, String deviceId, int channelId, String format) {
  public UploadTarget {
    name = ObjectNames.sanitiseName(Objects.requireNonNull(name, "name"));
    desc = ObjectNames.sanitiseDesc(desc == null ? "" : desc);
    deviceId = deviceId == null ? "" : deviceId;
    format = format == null ? "" : format;
  }

  public static UploadTarget recording(String name, String desc) {
    return new UploadTarget(name, desc, "", 0, "");
  }

  public static UploadTarget picture(String deviceId, int channelId, String format, String name, String desc) {
    return new UploadTarget(name, desc, deviceId, channelId, format);
  }
}
