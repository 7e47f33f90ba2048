package dev.edgerelay.relay.rtmp;

import dev.edgerelay.relay.options.Check;
import dev.edgerelay.relay.record.RecorderOptions;

/**
 * Bounds of recorded RTMP playback (rvod, spec 4.1), per player.
 *
 * @param readAheadBytes media bytes demuxed and waiting to be sent before reading pauses: a few seconds
 *     of a camera's bitrate, so a player never waits for the disk but a paused one holds little
 * @param readChunkBytes TS bytes one worker read takes from a segment file
 * @param leadMillis how far ahead of real time media is sent: fills the player's buffer at start and
 *     rides over a slow read, without sending the whole range at once
 * @param maxPlays recorded plays the node serves at once: each may hold {@code readAheadBytes} and keeps a
 *     worker reading, so their number is what bounds the memory and the disk time recorded RTMP takes
 */
public record RecordedPlayOptions(long readAheadBytes, int readChunkBytes, long leadMillis, int maxPlays) {
  /** Set by {@code --record-rtmp-read-ahead-kb} (RecorderOptions). */
  public static final long DEFAULT_READ_AHEAD_BYTES = RecorderOptions.DEFAULT_RTMP_READ_AHEAD_KB * 1024L;
  public static final int DEFAULT_READ_CHUNK_BYTES = 256 * 1024;
  /** Set by {@code --record-rtmp-lead-ms} (RecorderOptions). */
  public static final long DEFAULT_LEAD_MILLIS = RecorderOptions.DEFAULT_RTMP_LEAD_MS;
  /** 32 players at the default read-ahead hold at most 128 MB demuxed; a LAN edge rarely has more at once. */
  public static final int DEFAULT_MAX_PLAYS = 32;
  /** A TS packet is 188 bytes; a read smaller than a few of them is all overhead. */
  static final int MIN_READ_CHUNK_BYTES = 4 * 1024;
  public static final RecordedPlayOptions DEFAULT =
      new RecordedPlayOptions(DEFAULT_READ_AHEAD_BYTES, DEFAULT_READ_CHUNK_BYTES, DEFAULT_LEAD_MILLIS,
          DEFAULT_MAX_PLAYS);

  /** The TS bytes one read may take at most: more only delays the first packet of a seek. */
  static final int MAX_READ_CHUNK_BYTES = 16 * 1024 * 1024;

  /** Checks every field; the ConfigException names the field and its allowed range. */
  public RecordedPlayOptions {
    Check.range("readAheadBytes", readAheadBytes, RecorderOptions.MIN_RTMP_READ_AHEAD_KB * 1024L,
        RecorderOptions.MAX_RTMP_READ_AHEAD_KB * 1024L);
    Check.range("readChunkBytes", readChunkBytes, MIN_READ_CHUNK_BYTES, MAX_READ_CHUNK_BYTES);
    Check.range("leadMillis", leadMillis, 0, RecorderOptions.MAX_RTMP_LEAD_MS);
    Check.range("maxPlays", maxPlays, 1, Integer.MAX_VALUE);
  }
}
