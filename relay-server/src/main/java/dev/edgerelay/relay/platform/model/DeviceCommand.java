package dev.edgerelay.relay.platform.model;

import io.vertx.core.json.JsonObject;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The common device commands of spec 3.5 as typed builders. Each gives the JSON body that
 * {@link CommandRequest#platform} sends with {@code type=0}; the device SDK knows them by {@code cmdId}.
 */
public final class DeviceCommand {
  /** 3.5 A. */
  public static final int CMD_STREAM_LEVEL = 6;
  /** 3.5 B. */
  public static final int CMD_PTZ = 7;
  /** 3.5 C. */
  public static final int CMD_LOCAL_VIDEO_LIST = 10;
  /** 3.5 B: "stop": 2 means single-step control, the only value the spec gives. */
  public static final int PTZ_SINGLE_STEP = 2;
  public static final int MIN_PTZ_SPEED = 1;
  public static final int MAX_PTZ_SPEED = 7;
  /** Device-side times are "YYYY-MM-DD HH:MM:SS" (3.5 C). */
  public static final DateTimeFormatter DEVICE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private DeviceCommand() {}

  /** 3.5 A: stream quality 1 smooth, 2 standard, 3 high, 4 ultra. */
  public enum StreamLevel {
    SMOOTH(1), STANDARD(2), HIGH(3), ULTRA(4);

    private final int code;

    StreamLevel(int code) {
      this.code = code;
    }

    public int code() {
      return code;
    }
  }

  /** 3.5 B {@code cmd} values. */
  public enum PtzAction {
    ZOOM_IN(1), ZOOM_OUT(2), FOCUS_NEAR(3), FOCUS_FAR(4), IRIS_OPEN(5), IRIS_CLOSE(6),
    UP(11), DOWN(12), LEFT(13), RIGHT(14), AUTO_SCAN(22);

    private final int code;

    PtzAction(int code) {
      this.code = code;
    }

    public int code() {
      return code;
    }
  }

  public static JsonObject streamLevel(int channelId, StreamLevel level) {
    return envelope(CMD_STREAM_LEVEL, new JsonObject().put("channel_id", channelId).put("level", level.code()));
  }

  public static JsonObject ptz(int channelId, PtzAction action, int speed) {
    if (speed < MIN_PTZ_SPEED || speed > MAX_PTZ_SPEED) {
      throw new IllegalArgumentException("PTZ speed must be in [" + MIN_PTZ_SPEED + ", " + MAX_PTZ_SPEED + "], got " + speed);
    }
    return envelope(CMD_PTZ, new JsonObject().put("channel_id", channelId).put("stop", PTZ_SINGLE_STEP)
        .put("cmd", action.code()).put("speed", speed));
  }

  /** 3.5 C: one page of the camera's own recordings; the times are optional filters. */
  public static JsonObject localVideoList(int channelId, int page, int perPage, LocalDateTime start, LocalDateTime end) {
    if (page < 1 || perPage < 1) {
      throw new IllegalArgumentException("page and perPage count from 1, got " + page + " and " + perPage);
    }
    JsonObject cmd = new JsonObject().put("channel_id", channelId).put("page", page);
    WireFields.putIfPresent(cmd, "start_time", start == null ? null : DEVICE_TIME.format(start));
    WireFields.putIfPresent(cmd, "end_time", end == null ? null : DEVICE_TIME.format(end));
    return envelope(CMD_LOCAL_VIDEO_LIST, cmd.put("per_page", perPage));
  }

  private static JsonObject envelope(int cmdId, JsonObject cmd) {
    return new JsonObject().put("type", "video").put("cmdId", cmdId).put("cmd", cmd);
  }
}
