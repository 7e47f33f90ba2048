package dev.edgerelay.relay.platform.model;

import io.vertx.core.json.JsonObject;

/**
 * One row of the stat lists: a viewer (13.1, {@code clientip}/{@code onlinetime}) or an ingest
 * (13.2, {@code puship}/{@code pushtime}); {@code peerIp} and {@code duration} hold whichever came.
 */
public record StreamSession(String productId, String deviceId, int channelId, String protocolType, String peerIp,
    String videoCodec, String resolution, int fps, String audioCodec, long bandwidth, String duration) {

  public static StreamSession fromJson(JsonObject json) {
    String peer = json.containsKey("clientip") ? json.getString("clientip") : json.getString("puship");
    String duration = json.containsKey("onlinetime") ? json.getString("onlinetime") : json.getString("pushtime");
    return new StreamSession(WireFields.text(json, "productid"), WireFields.text(json, "deviceid"),
        (int) WireFields.number(json, "channelid", 0), json.getString("protocoltype"), peer,
        json.getString("videocodec"), json.getString("resolution"), (int) WireFields.number(json, "fps", 0),
        json.getString("audiocodec"), WireFields.number(json, "bandwidth", 0), duration);
  }
}
