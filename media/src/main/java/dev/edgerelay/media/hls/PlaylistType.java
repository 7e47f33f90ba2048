package dev.edgerelay.media.hls;

/** What a media playlist promises its reader about later reloads (RFC 8216 4.3.3.5). */
public enum PlaylistType {
  /** A sliding window: segments leave the front; no EXT-X-PLAYLIST-TYPE tag. */
  LIVE,
  /** EXT-X-PLAYLIST-TYPE:EVENT: segments are only ever appended (a recording still in progress). */
  EVENT,
  /** EXT-X-PLAYLIST-TYPE:VOD: the playlist never changes again, and ends with EXT-X-ENDLIST. */
  VOD
}
