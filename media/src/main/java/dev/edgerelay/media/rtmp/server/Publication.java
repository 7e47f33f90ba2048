package dev.edgerelay.media.rtmp.server;

import dev.edgerelay.media.rtmp.message.DataMessage;
import dev.edgerelay.media.rtmp.message.MediaMessage;

/**
 * Where a publisher's messages go: a {@link LiveStream} of the server's registry, or whatever an
 * application's {@link PublishProvider} returns. Calls come from the publisher's event loop, one at a
 * time, and must not block it.
 */
public interface Publication {
  /** Forwards onMetaData (with or without @setDataFrame) to current and future players. */
  void metadata(DataMessage metadata);

  /** Forwards one audio or video message; takes ownership of it. */
  void media(MediaMessage message);

  /** Ends the stream: players are told (Play.UnpublishNotify) and the name becomes free again. */
  void unpublish();
}
