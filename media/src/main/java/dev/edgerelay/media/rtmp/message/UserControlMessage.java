package dev.edgerelay.media.rtmp.message;

/**
 * User Control Message (spec 6.2, 7.1.7): an event type and its data. Most events carry one u32
 * (a stream id or a ping timestamp); SetBufferLength carries a stream id and a length in ms.
 */
public record UserControlMessage(int eventType, long value, long bufferLength) implements RtmpMessage {
  public static final int STREAM_BEGIN = 0;
  public static final int STREAM_EOF = 1;
  public static final int STREAM_DRY = 2;
  public static final int SET_BUFFER_LENGTH = 3;
  public static final int STREAM_IS_RECORDED = 4;
  public static final int PING_REQUEST = 6;
  public static final int PING_RESPONSE = 7;

  public static UserControlMessage of(int eventType, long value) {
    return new UserControlMessage(eventType, value, 0);
  }

  @Override public int typeId() { return MessageType.USER_CONTROL; }
  @Override public long timestamp() { return 0; }
  @Override public int streamId() { return 0; }
}
