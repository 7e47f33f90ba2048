package dev.edgerelay.relay.snapshot;

import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.relay.config.ConfigException;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Snapshot and picture settings (issue 8), read from the node's JSON keys {@code snapshot_*},
 * {@code picture_quota_mb} and {@code picture_max_age_days}; the command-line names are those keys with '-' for '_'. Validated in one place.
 */
public final class SnapshotOptions {
  /** 0: no periodic snapshots, only those asked for at {@code /edge/snapshot}. */
  public static final int DEFAULT_INTERVAL_S = 0;
  /** Pictures' own disk quota, apart from the recordings'; 0 = none (the volume's free space still bounds it). */
  public static final int DEFAULT_PICTURE_QUOTA_MB = 512;
  /** 0: pictures are kept whatever their age (the quota still bounds them); an age limit is opt-in. */
  public static final int DEFAULT_PICTURE_MAX_AGE_DAYS = 0;
  /** Ten years: anything longer is a typo. */
  static final int MAX_PICTURE_MAX_AGE_DAYS = 3_650;
  /** The shortest period: the thumbnailer serves an image for up to its maximum age anyway. */
  static final int MIN_INTERVAL_S = 1;
  static final int MAX_INTERVAL_S = 86_400;

  private int intervalS = DEFAULT_INTERVAL_S;
  private int pictureQuotaMb = DEFAULT_PICTURE_QUOTA_MB;
  private int pictureMaxAgeDays = DEFAULT_PICTURE_MAX_AGE_DAYS;
  /** Channels snapshotted every {@code intervalS}: {@code dev-ch,dev-ch} (a JSON list in the file also reads). */
  private String channels = "";
  /** Whether periodic snapshots are also uploaded to the platform (spec 5.1) through the outbox. */
  private boolean upload;

  public SnapshotOptions() {}

  public SnapshotOptions(JsonObject json) {
    intervalS = number(json, "snapshot_interval_s", intervalS);
    pictureQuotaMb = number(json, "picture_quota_mb", pictureQuotaMb);
    pictureMaxAgeDays = number(json, "picture_max_age_days", pictureMaxAgeDays);
    channels = json.getValue("snapshot_channels", channels).toString();
    upload = Boolean.parseBoolean(json.getValue("snapshot_upload", upload).toString().trim());
  }

  private static int number(JsonObject json, String key, int fallback) {
    Object v = json.getValue(key);
    try {
      return v == null ? fallback : v instanceof Number n ? n.intValue() : Integer.parseInt(v.toString().trim());
    } catch (NumberFormatException e) {
      throw new ConfigException("--" + key.replace('_', '-') + " must be a whole number, got '" + v + "'");
    }
  }

  public JsonObject toJson() {
    return new JsonObject().put("snapshot_interval_s", intervalS).put("picture_quota_mb", pictureQuotaMb)
        .put("picture_max_age_days", pictureMaxAgeDays)
        .put("snapshot_channels", channels).put("snapshot_upload", Boolean.toString(upload));
  }

  public SnapshotOptions validate() {
    if (intervalS != 0 && (intervalS < MIN_INTERVAL_S || intervalS > MAX_INTERVAL_S)) {
      throw new ConfigException("--snapshot-interval-s must be 0 (off) or between " + MIN_INTERVAL_S + " and "
          + MAX_INTERVAL_S + ", got " + intervalS);
    }
    if (pictureQuotaMb < 0) {
      throw new ConfigException("--picture-quota-mb must be 0 (none) or more, got " + pictureQuotaMb);
    }
    if (pictureMaxAgeDays < 0 || pictureMaxAgeDays > MAX_PICTURE_MAX_AGE_DAYS) {
      throw new ConfigException("--picture-max-age-days must be 0 (no limit) to " + MAX_PICTURE_MAX_AGE_DAYS
          + ", got " + pictureMaxAgeDays);
    }
    periodicChannels();
    return this;
  }

  /** The channels snapshotted periodically. */
  public List<ChannelRef> periodicChannels() {
    List<ChannelRef> out = new ArrayList<>();
    for (String item : channels.replaceAll("[\\[\\]\"\\s]", "").split(",")) {
      if (item.isEmpty()) {
        continue;
      }
      int dash = item.lastIndexOf('-');
      try {
        out.add(new ChannelRef(item.substring(0, dash), Integer.parseInt(item.substring(dash + 1))));
      } catch (RuntimeException e) {
        throw new ConfigException("--snapshot-channels names channels as device_id-channel_id, got '" + item + "'");
      }
    }
    return out;
  }

  public int intervalS() {
    return intervalS;
  }

  public SnapshotOptions setIntervalS(int intervalS) {
    this.intervalS = intervalS;
    return this;
  }

  public long pictureQuotaBytes() {
    return pictureQuotaMb * 1024L * 1024L;
  }

  public SnapshotOptions setPictureQuotaMb(int pictureQuotaMb) {
    this.pictureQuotaMb = pictureQuotaMb;
    return this;
  }

  /** The age past which pictures are deleted, in milliseconds; 0 when there is no limit. */
  public long pictureMaxAgeMillis() {
    return pictureMaxAgeDays * 86_400_000L;
  }

  public SnapshotOptions setPictureMaxAgeDays(int pictureMaxAgeDays) {
    this.pictureMaxAgeDays = pictureMaxAgeDays;
    return this;
  }

  public SnapshotOptions setChannels(String channels) {
    this.channels = channels;
    return this;
  }

  public boolean upload() {
    return upload;
  }

  public SnapshotOptions setUpload(boolean upload) {
    this.upload = upload;
    return this;
  }
}
