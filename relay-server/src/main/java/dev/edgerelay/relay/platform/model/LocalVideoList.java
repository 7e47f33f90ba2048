package dev.edgerelay.relay.platform.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The device's reply to 3.5 C (local video list), read from the decoded cmd_resp bytes. */
public record LocalVideoList(int allCount, int curCount, List<LocalVideo> videos) {

  /** One recording on the camera; times as the device writes them ({@code beginTime}/{@code endTime}). */
  public record LocalVideo(int channelId, String videoDesc, long size, String beginTime, String endTime) {}

  public static LocalVideoList parse(byte[] reply) {
    JsonObject json = new JsonObject(new String(reply, StandardCharsets.UTF_8));
    List<LocalVideo> videos = new ArrayList<>();
    JsonArray rvods = json.getJsonArray("rvods", new JsonArray());
    for (int i = 0; i < rvods.size(); i++) {
      JsonObject v = rvods.getJsonObject(i);
      videos.add(new LocalVideo((int) WireFields.number(v, "channel_id", 0), v.getString("video_desc"),
          WireFields.number(v, "size", 0), v.getString("beginTime"), v.getString("endTime")));
    }
    return new LocalVideoList((int) WireFields.number(json, "all_count", 0),
        (int) WireFields.number(json, "cur_count", videos.size()), List.copyOf(videos));
  }
}
