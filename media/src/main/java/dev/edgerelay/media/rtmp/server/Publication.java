package dev.edgerelay.media.rtmp.server;

import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.media.rtmp.message.DataMessage;
import dev.edgerelay.media.rtmp.message.MediaMessage;

/**
 * The publishing side of a live stream: a network publisher feeds it, and so can the relay, which
 * re-serves a pulled stream on the LAN without any RTMP connection of its own. Calls come from one
 * thread at a time. The stream never waits for its players.
 */
public interface Publication {
  /** Forwards onMetaData (with or without @setDataFrame) to current and future players. */
  void metadata(DataMessage metadata);

  /** Forwards one audio or video message; takes ownership of it. */
  void media(MediaMessage message);

  /**
   * Forwards one codec-neutral unit, as the relay has them from a pull session; takes ownership. A
   * unit whose codec configuration differs from the last one sent is preceded by a sequence header.
   */
  void unit(MediaUnit unit);

  /** Ends the stream: players are told (Play.UnpublishNotify) and the name becomes free again. */
  void unpublish();
}
