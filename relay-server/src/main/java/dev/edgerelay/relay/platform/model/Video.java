package dev.edgerelay.relay.platform.model;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A recorded video (6.1, 6.2). Size in KB, duration in seconds. The play URLs still need a token
 * from 6.5 ({@link dev.edgerelay.relay.platform.PlatformUrls#vodHls}).
 */
public record Video(String videoId, String name, String start, String end, long sizeKb, long durationSeconds,
    String hlsUrl, String rtmpUrl) {

  /**
   * Reads one video. Accepts the document's names ({@code start}, {@code end}, {@code durtion}) and
   * the official clients' ({@code start_time}, {@code end_time}); API-NOTES "Wire names".
   */
  public static Video fromJson(JsonObject json) {
    String videoId = json.containsKey("videoid") ? WireFields.text(json, "videoid") : WireFields.text(json, "video_id");
    long duration = json.containsKey("durtion") ? WireFields.number(json, "durtion", 0)
        : WireFields.number(json, "duration", 0);
    return new Video(videoId, WireFields.text(json, "name"),
        json.containsKey("start") ? json.getString("start") : json.getString("start_time"),
        json.containsKey("end") ? json.getString("end") : json.getString("end_time"),
        WireFields.number(json, "size", 0), duration, json.getString("hls_url"), json.getString("rtmp_url"));
  }

  /**
   * Reads the answer of 6.2 in either shape: {@code data.videos[]} (the document) or {@code data}
   * as an array (the official clients). {@code page_info} is read beside {@code data} or inside it.
   */
  public static Page<Video> pageFromEnvelope(JsonObject envelope) {
    Object data = envelope.getValue("data");
    JsonArray array;
    JsonObject pageInfo = envelope.getJsonObject("page_info");
    if (data instanceof JsonArray a) {
      array = a;
    } else if (data instanceof JsonObject o) {
      array = o.getJsonArray("videos", new JsonArray());
      if (pageInfo == null) {
        pageInfo = o.getJsonObject("page_info");
      }
    } else if (data == null) {
      array = new JsonArray();
    } else {
      throw new IllegalArgumentException("get_video_list data is neither an object nor an array: " + data);
    }
    List<Video> videos = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      videos.add(fromJson(array.getJsonObject(i)));
    }
    return new Page<>(videos, PageInfo.fromJson(pageInfo));
  }
}
