package dev.edgerelay.media.rtmp.chunk;

import dev.edgerelay.media.rtmp.message.MessageType;
import dev.edgerelay.media.rtmp.message.RtmpMessage;

/**
 * Which chunk stream each kind of message travels on when we send. Control must use 2 (spec 5.4);
 * the rest follow FFmpeg's and nginx-rtmp's split so that audio and video headers compress apart.
 */
final class ChunkStreamIds {
  static final int CONTROL = 2;
  static final int COMMAND = 3;
  static final int AUDIO = 4;
  static final int DATA = 5;
  static final int VIDEO = 6;

  private ChunkStreamIds() {}

  static int forMessage(RtmpMessage m) {
    switch (m.typeId()) {
      case MessageType.AUDIO:
        return AUDIO;
      case MessageType.VIDEO:
        return VIDEO;
      case MessageType.DATA_AMF0:
        return DATA;
      case MessageType.COMMAND_AMF0:
        return COMMAND;
      default:
        return CONTROL;
    }
  }
}
