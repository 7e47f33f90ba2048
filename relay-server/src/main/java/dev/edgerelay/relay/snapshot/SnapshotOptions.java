package dev.edgerelay.relay.snapshot;

import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.relay.options.Check;
import dev.edgerelay.relay.options.ConfigException;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** Snapshot and picture settings: periodic snapshots of some channels, their upload, the pictures' own disk bounds. */
public final class SnapshotOptions {
  /** 0: no periodic snapshots, only those asked for at {@code /edge/snapshot}. */
  public static final int DEFAULT_INTERVAL_S = 0;
  /** The shortest period: the thumbnailer serves an image for up to its maximum age anyway. */
  public static final int MIN_INTERVAL_S = 1;
  public static final int MAX_INTERVAL_S = 86_400;
  /** No channel is snapshotted periodically unless named. */
  public static final String DEFAULT_CHANNELS = "";
  /** Periodic snapshots stay on the edge unless asked for (they cost uplink). */
  public static final boolean DEFAULT_UPLOAD = false;
  /** Pictures' own disk quota, apart from the recordings'; 0 = none (the volume's free space still bounds it). */
  public static final int DEFAULT_PICTURE_QUOTA_MB = 512;
  /** 0: pictures are kept whatever their age (the quota still bounds them); an age limit is opt-in. */
  public static final int DEFAULT_PICTURE_MAX_AGE_DAYS = 0;
  /** Ten years: anything longer is a typo. */
  public static final int MAX_PICTURE_MAX_AGE_DAYS = 3_650;
  /** Picture URLs are public, as spec 5.5 has them: whoever holds one gets the image. */
  public static final boolean DEFAULT_PICTURES_PRIVATE = false;

  private int intervalS = DEFAULT_INTERVAL_S;
  private int pictureQuotaMb = DEFAULT_PICTURE_QUOTA_MB;
  private int pictureMaxAgeDays = DEFAULT_PICTURE_MAX_AGE_DAYS;
  /** Channels snapshotted every {@code intervalS}: {@code dev-ch,dev-ch}. */
  private String channels = DEFAULT_CHANNELS;
  /** Whether periodic snapshots are also uploaded to the platform (spec 5.1) through the outbox. */
  private boolean upload = DEFAULT_UPLOAD;
  /** Whether {@code /pictures/...} needs the api-key header or the token its url carries ({@link PictureAccess}). */
  private boolean picturesPrivate = DEFAULT_PICTURES_PRIVATE;

  public SnapshotOptions() {}

  /** Reads the keys {@link #toJson()} writes; absent keys keep their defaults. */
  public SnapshotOptions(JsonObject json) {
    intervalS = json.getInteger("intervalS", intervalS);
    pictureQuotaMb = json.getInteger("pictureQuotaMb", pictureQuotaMb);
    pictureMaxAgeDays = json.getInteger("pictureMaxAgeDays", pictureMaxAgeDays);
    channels = json.getString("channels", channels);
    upload = json.getBoolean("upload", upload);
    picturesPrivate = json.getBoolean("picturesPrivate", picturesPrivate);
  }

  public JsonObject toJson() {
    return new JsonObject().put("intervalS", intervalS).put("pictureQuotaMb", pictureQuotaMb)
        .put("pictureMaxAgeDays", pictureMaxAgeDays).put("channels", channels).put("upload", upload)
        .put("picturesPrivate", picturesPrivate);
  }

  /** Checks every field; the ConfigException names the field and its allowed values. */
  public SnapshotOptions validate() {
    if (intervalS != 0 && (intervalS < MIN_INTERVAL_S || intervalS > MAX_INTERVAL_S)) {
      throw new ConfigException("intervalS", "must be 0 (off) or between " + MIN_INTERVAL_S + " and " + MAX_INTERVAL_S
          + ", got " + intervalS);
    }
    Check.range("pictureQuotaMb", pictureQuotaMb, 0, Integer.MAX_VALUE);
    Check.range("pictureMaxAgeDays", pictureMaxAgeDays, 0, MAX_PICTURE_MAX_AGE_DAYS);
    periodicChannels();
    return this;
  }

  /** The channels snapshotted periodically. */
  public List<ChannelRef> periodicChannels() {
    List<ChannelRef> out = new ArrayList<>();
    for (String item : channels.split(",")) {
      if (!item.isBlank()) {
        out.add(Check.channel("channels", item.trim()));
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

  /** {@code dev-ch,dev-ch}: the channels snapshotted every {@code intervalS}. */
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

  public boolean picturesPrivate() {
    return picturesPrivate;
  }

  public SnapshotOptions setPicturesPrivate(boolean picturesPrivate) {
    this.picturesPrivate = picturesPrivate;
    return this;
  }
}
