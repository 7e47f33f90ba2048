package dev.edgerelay.relay.platform.model;

import io.vertx.core.json.JsonObject;

/** One entry of the 6.3 delete_video answer: code 0 deleted, 1 "not exist" (API-NOTES "Codes"). */
public record VideoDeletion(String videoId, int code, String message) {
  public static final int CODE_DELETED = 0;
  public static final int CODE_NOT_EXIST = 1;

  public static VideoDeletion fromJson(String videoId, JsonObject json) {
    return new VideoDeletion(videoId, (int) WireFields.number(json, "code", 0), json.getString("message"));
  }

  public boolean deleted() {
    return code == CODE_DELETED;
  }
}
