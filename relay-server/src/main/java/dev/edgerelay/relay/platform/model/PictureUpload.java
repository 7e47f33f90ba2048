package dev.edgerelay.relay.platform.model;

import java.util.LinkedHashMap;
import java.util.Map;

/** Query of 5.1 picture upload; the body is the image. {@code format} is "jpg" or "png". */
public record PictureUpload(String deviceId, int channelId, String format, String name, String desc) {
  public PictureUpload {
    if (!"jpg".equals(format) && !"png".equals(format)) {
      throw new IllegalArgumentException("format must be jpg or png, got '" + format + "'");
    }
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("name is required: it is the picture's unique id");
    }
  }

  public Map<String, Object> toQuery() {
    Map<String, Object> query = new LinkedHashMap<>();
    query.put("device_id", deviceId);
    query.put("channel_id", channelId);
    query.put("format", format);
    query.put("name", name);
    if (desc != null) {
      query.put("desc", desc);
    }
    return query;
  }
}
