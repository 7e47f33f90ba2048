package dev.edgerelay.media.rtmp.message;

import dev.edgerelay.media.amf0.Amf0Object;

/**
 * NetConnection and NetStream status codes (spec 7.2.2 and the Flash NetStatusEvent reference) and
 * the onStatus and _result/_error commands that carry them.
 */
public final class NetStatus {
  public static final String CONNECT_SUCCESS = "NetConnection.Connect.Success";
  public static final String CONNECT_REJECTED = "NetConnection.Connect.Rejected";
  public static final String CALL_FAILED = "NetConnection.Call.Failed";
  public static final String PLAY_START = "NetStream.Play.Start";
  public static final String PLAY_RESET = "NetStream.Play.Reset";
  public static final String PLAY_STREAM_NOT_FOUND = "NetStream.Play.StreamNotFound";
  public static final String PLAY_UNPUBLISH_NOTIFY = "NetStream.Play.UnpublishNotify";
  public static final String PLAY_FAILED = "NetStream.Play.Failed";
  /** A recorded stream played to its end (FFmpeg's rtmp demuxer reads it as end of file). */
  public static final String PLAY_STOP = "NetStream.Play.Stop";
  public static final String SEEK_NOTIFY = "NetStream.Seek.Notify";
  public static final String SEEK_FAILED = "NetStream.Seek.Failed";
  public static final String PAUSE_NOTIFY = "NetStream.Pause.Notify";
  public static final String UNPAUSE_NOTIFY = "NetStream.Unpause.Notify";
  public static final String PUBLISH_START = "NetStream.Publish.Start";
  public static final String PUBLISH_BAD_NAME = "NetStream.Publish.BadName";
  public static final String UNPUBLISH_SUCCESS = "NetStream.Unpublish.Success";

  public static final String LEVEL_STATUS = "status";
  public static final String LEVEL_ERROR = "error";

  public static final String RESULT = "_result";
  public static final String ERROR = "_error";
  public static final String ON_STATUS = "onStatus";

  private NetStatus() {}

  /** An info object as onStatus and connect's _result carry it. */
  public static Amf0Object info(String level, String code, String description) {
    return Amf0Object.of("level", level, "code", code, "description", description);
  }

  /** onStatus on a message stream; its transaction id is 0 because nobody waits for it (spec 7.2.2). */
  public static CommandMessage onStatus(int streamId, String level, String code, String description) {
    return CommandMessage.of(streamId, ON_STATUS, 0, null, info(level, code, description));
  }

  /** The status code of an onStatus or _error, or null when it carries none. */
  public static String code(CommandMessage m) {
    return field(m, "code");
  }

  public static String description(CommandMessage m) {
    return field(m, "description");
  }

  private static String field(CommandMessage m, String name) {
    for (Object argument : m.arguments()) {
      if (argument instanceof Amf0Object info && info.string(name) != null) {
        return info.string(name);
      }
    }
    return m.commandObject() instanceof Amf0Object info ? info.string(name) : null;
  }
}
