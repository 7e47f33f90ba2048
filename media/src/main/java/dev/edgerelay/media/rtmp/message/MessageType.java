package dev.edgerelay.media.rtmp.message;

/** Message type ids (RTMP spec 1.0, sections 5.4 and 7.1). */
public final class MessageType {
  public static final int SET_CHUNK_SIZE = 1;
  public static final int ABORT = 2;
  public static final int ACKNOWLEDGEMENT = 3;
  public static final int USER_CONTROL = 4;
  public static final int WINDOW_ACK_SIZE = 5;
  public static final int SET_PEER_BANDWIDTH = 6;
  public static final int AUDIO = 8;
  public static final int VIDEO = 9;
  /** AMF3 data: a format byte then AMF0 in practice (FMS, Wowza); decoded as {@link #DATA_AMF0}. */
  public static final int DATA_AMF3 = 15;
  /** AMF3 shared object (spec 7.1.3): not supported, ignored. */
  public static final int SHARED_OBJECT_AMF3 = 16;
  /** AMF3 command: one leading zero byte then AMF0 values (spec 7.1.1); decoded as {@link #COMMAND_AMF0}. */
  public static final int COMMAND_AMF3 = 17;
  public static final int DATA_AMF0 = 18;
  /** AMF0 shared object (spec 7.1.3): not supported, ignored. */
  public static final int SHARED_OBJECT_AMF0 = 19;
  public static final int COMMAND_AMF0 = 20;
  /** Aggregate (spec 7.1.6): split into its audio, video and data messages by {@link AggregateSplitter}. */
  public static final int AGGREGATE = 22;

  private MessageType() {}

  /** Protocol control messages (spec 5.4) must travel on chunk stream 2 with message stream 0. */
  public static boolean isProtocolControl(int typeId) {
    return typeId >= SET_CHUNK_SIZE && typeId <= SET_PEER_BANDWIDTH && typeId != USER_CONTROL;
  }
}
