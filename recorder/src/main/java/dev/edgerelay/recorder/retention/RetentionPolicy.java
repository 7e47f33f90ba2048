package dev.edgerelay.recorder.retention;

import dev.edgerelay.recorder.ChannelRef;
import java.util.Map;

/**
 * Retention limits of one node. Zero turns a limit off.
 *
 * @param quotaBytes recordings may use at most this many bytes
 * @param minFreeBytes the volume keeps at least this much free; below it retention runs at once and
 *     may delete segments still waiting for upload
 * @param maxAgeMillis segments that ended longer ago than this are deleted
 * @param channelMaxAgeMillis per-channel overrides of {@code maxAgeMillis}
 */
public record RetentionPolicy(long quotaBytes, long minFreeBytes, long maxAgeMillis,
    Map<ChannelRef, Long> channelMaxAgeMillis) {
  public RetentionPolicy {
    require(quotaBytes >= 0, "quotaBytes must be >= 0, got " + quotaBytes);
    require(minFreeBytes >= 0, "minFreeBytes must be >= 0, got " + minFreeBytes);
    require(maxAgeMillis >= 0, "maxAgeMillis must be >= 0, got " + maxAgeMillis);
    channelMaxAgeMillis = Map.copyOf(channelMaxAgeMillis);
    channelMaxAgeMillis.forEach((c, age) -> require(age >= 0, "max age of " + c + " must be >= 0, got " + age));
  }

  public long maxAgeMillis(ChannelRef channel) {
    return channelMaxAgeMillis.getOrDefault(channel, maxAgeMillis);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
