package dev.edgerelay.media.rtmp.client;

import dev.edgerelay.media.rtmp.message.DataMessage;
import dev.edgerelay.media.rtmp.message.MediaMessage;

/** Receives a pulled stream on the connection's event loop; must not block. */
public interface RtmpPlayListener {
  /** onMetaData as the server sent it. */
  default void onMetadata(DataMessage metadata) {}

  /** One audio or video message (sequence headers included); the listener owns and releases it. */
  void onMedia(MediaMessage message);
}
