package dev.edgerelay.relay.cluster;

import dev.edgerelay.relay.options.ConfigException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The cluster options' enums as the flags write them: lower case ({@code relay}, {@code multicast}). */
final class WireEnum {
  private WireEnum() {}

  static String wireName(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** @param field the setting the text came from, named when the text is none of {@code type}'s values */
  static <E extends Enum<E>> E parse(String field, String text, Class<E> type) {
    E[] values = type.getEnumConstants();
    String given = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    for (E value : values) {
      if (wireName(value).equals(given)) {
        return value;
      }
    }
    String allowed = Arrays.stream(values).map(WireEnum::wireName).collect(Collectors.joining(" or "));
    throw new ConfigException(field, "must be " + allowed + ", got '" + text + "'");
  }
}
