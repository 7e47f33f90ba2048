package dev.edgerelay.relay.platform.impl;

import dev.edgerelay.relay.platform.model.Page;
import dev.edgerelay.relay.platform.model.PageInfo;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Readers for the list shapes of the envelope: an array under {@code data} or {@code result}, with {@code page_info}. */
final class Envelopes {
  private Envelopes() {}

  static <T> List<T> items(JsonArray array, Function<JsonObject, T> reader) {
    if (array == null) {
      return List.of();
    }
    List<T> items = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      items.add(reader.apply(array.getJsonObject(i)));
    }
    return List.copyOf(items);
  }

  /** {@code {field: [...], page_info: {...}}} as a page. */
  static <T> Page<T> page(JsonObject envelope, String field, Function<JsonObject, T> reader) {
    return new Page<>(items(envelope.getJsonArray(field), reader), PageInfo.fromJson(envelope.getJsonObject("page_info")));
  }
}
