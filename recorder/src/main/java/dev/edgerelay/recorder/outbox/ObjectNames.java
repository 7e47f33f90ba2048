package dev.edgerelay.recorder.outbox;

import dev.edgerelay.recorder.ChannelRef;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Names that pass the platform's checks before the first try (spec 15.1 codes 1001 "special characters",
 * 1002 "over 256", 1003 "desc over 1024"), and the deterministic name of a recorded segment: derived from
 * device, channel and start time only, so every retry of the same segment lands on the same name.
 */
public final class ObjectNames {
  /** Spec 15 code 1002. */
  public static final int MAX_NAME = 256;
  /** Spec 15 code 1003. */
  public static final int MAX_DESC = 1024;
  private static final DateTimeFormatter START =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

  private ObjectNames() {}

  /**
   * Letters, digits, '.', '_', '-' and '/' stay (what recording paths need); anything else becomes '_'.
   * Too long names keep their tail, where the time that makes them unique sits.
   */
  public static String sanitiseName(String name) {
    StringBuilder out = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '.' || c == '_' || c == '-' || c == '/';
      out.append(plain ? c : '_');
    }
    if (out.length() == 0) {
      out.append('_');
    }
    return out.length() > MAX_NAME ? out.substring(out.length() - MAX_NAME) : out.toString();
  }

  public static String sanitiseDesc(String desc) {
    return desc.length() > MAX_DESC ? desc.substring(0, MAX_DESC) : desc;
  }

  /** {@code rec/<device>/<channel>/<start UTC>.ts}: one name per segment, whatever the attempt. */
  public static String recording(ChannelRef channel, long startMillis) {
    return "rec/" + channel.deviceId() + "/" + channel.channelId() + "/" + START.format(Instant.ofEpochMilli(startMillis))
        + ".ts";
  }
}
