package dev.edgerelay.relay.http;

/**
 * The errno values the edge API answers with. 1 to 5 are the platform's own (spec 4.1 play_address);
 * the 1xx codes, where the spec is silent (auth, parameters, not found), are the same numbers the
 * emulator uses ({@code dev.edgerelay.sim.http.SimError}), so an app sees one table whether it talks to
 * the emulator or to an edge.
 */
public final class EdgeErrno {
  /** play_address: a parameter is missing, malformed or out of range (spec 4.1). */
  public static final int PLAY_BAD_PARAMETER = 1;
  /** play_address: something failed inside (spec 4.1). */
  public static final int PLAY_INTERNAL = 2;
  /** play_address: the channel does not exist (spec 4.1). */
  public static final int CHANNEL_NOT_FOUND = 3;
  /** play_address: the device is offline (spec 4.1). */
  public static final int DEVICE_OFFLINE = 4;
  public static final int AUTH_MISSING = 101;
  public static final int AUTH_INVALID = 102;
  public static final int AUTH_OTHER_DEVICE = 103;
  public static final int AUTH_MASTER_ONLY = 104;
  public static final int PARAM_MISSING = 110;
  public static final int PARAM_INVALID = 111;
  public static final int DEVICE_NOT_FOUND = 120;
  /** A play token is missing, forged, for another channel or expired. */
  public static final int TOKEN_INVALID = 131;
  /** The channel sent nothing playable in time (a cold start that did not come up). */
  public static final int STREAM_UNAVAILABLE = 132;
  /** The edge relays its maximum number of channels. */
  public static final int CAPACITY = 133;
  /** Every thumbnail worker is busy and the waiting queue is full: retry in a moment. */
  public static final int THUMBNAIL_BUSY = 134;
  /** The channel's latest keyframe did not decode to a thumbnail. */
  public static final int THUMBNAIL_FAILED = 135;
  /** VOD (spec 6.1-6.5): no recording with this video id on this device-channel (the emulator's number). */
  public static final int VIDEO_NOT_FOUND = 127;
  /** VOD: nothing was recorded in the asked time range (rvod, export). */
  public static final int RECORDING_RANGE_EMPTY = 160;
  /** VOD: the node exports as many MP4s at once as it allows; try again shortly. */
  public static final int EXPORT_BUSY = 161;
  /** Pictures (spec 5.3-5.5): no picture of this name on this device-channel (the emulator's number). */
  public static final int PICTURE_NOT_FOUND = 125;
  /** Picture upload (spec 5.1): names are unique per device-channel (the emulator's number). */
  public static final int PICTURE_NAME_TAKEN = 126;
  /** A bound is reached (pictures per channel): delete something first (the emulator's number). */
  public static final int LIMIT_REACHED = 130;
  /** A name with characters outside the allowed set (the platform's object-storage code, API-NOTES "Codes"). */
  public static final int NAME_SPECIAL_CHARACTERS = 1001;
  /** A name over its length bound (the platform's object-storage code). */
  public static final int NAME_TOO_LONG = 1002;
  /** A description over 1024 characters (the platform's object-storage code). */
  public static final int DESC_TOO_LONG = 1003;
  /** Uploads: the channel's upload policy is {@code none}; set --upload-channels to allow it. */
  public static final int UPLOAD_DISABLED = 162;
  /** Uploads: the outbox holds its maximum of items; wait for uploads to drain. */
  public static final int OUTBOX_FULL = 163;
  /** Uploads: no outbox item has this id ({@code GET /edge/outbox} lists the parked ones). */
  public static final int OUTBOX_ITEM_NOT_FOUND = 164;
  /** Uploads: retry and discard act on parked items only; this one is pending, in flight or done. */
  public static final int OUTBOX_ITEM_NOT_PARKED = 165;
  /** Cluster: the channel's origin node did not answer a forwarded preload, live_preview or snapshot in time. */
  public static final int ORIGIN_UNREACHABLE = 170;
  /** Cluster: forget acts on a node that is down; this one is live, or its death is not confirmed yet. */
  public static final int NODE_LIVE = 175;
  /** Cluster: the site has no record of a node by this name ({@code GET /edge/cluster} lists them). */
  public static final int NODE_UNKNOWN = 176;
  /** record_video named a product_id other than the edge's own (spec 12). */
  public static final int PRODUCT_UNKNOWN = 121;
  /** Stat lists (spec 13): the page_key is unknown or past its 5 minutes (the emulator's number). */
  public static final int PAGE_KEY_EXPIRED = 128;
  public static final int NOT_FOUND = 140;
  public static final int METHOD_NOT_ALLOWED = 141;
  public static final int INTERNAL = 150;

  private EdgeErrno() {}
}
