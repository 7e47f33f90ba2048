package dev.edgerelay.media.rtmp.message;

import dev.edgerelay.media.amf0.Amf0Summary;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An AMF0 data message (spec 7.1.2): a handler name and values, such as
 * {@code @setDataFrame, onMetaData, {...}} from a publisher or {@code onMetaData, {...}} to a player.
 */
public record DataMessage(long timestamp, int streamId, List<Object> values) implements RtmpMessage {
  /** What publishers prefix to metadata they want the server to keep and forward (FMS convention). */
  public static final String SET_DATA_FRAME = "@setDataFrame";
  public static final String ON_METADATA = "onMetaData";

  public DataMessage {
    values = Collections.unmodifiableList(new ArrayList<>(values));
  }

  /** The handler name: the first value when it is a string, else null. */
  public String name() {
    return !values.isEmpty() && values.get(0) instanceof String s ? s : null;
  }

  /** True for onMetaData, with or without the @setDataFrame prefix. */
  public boolean isMetadata() {
    return ON_METADATA.equals(name())
        || SET_DATA_FRAME.equals(name()) && values.size() > 1 && ON_METADATA.equals(values.get(1));
  }

  /** The form a player expects: {@code @setDataFrame} stripped, on message stream {@code streamId}. */
  public DataMessage forPlayer(int playerStreamId) {
    List<Object> forwarded = SET_DATA_FRAME.equals(name()) ? values.subList(1, values.size()) : values;
    return new DataMessage(timestamp, playerStreamId, forwarded);
  }

  @Override public int typeId() { return MessageType.DATA_AMF0; }

  /** Bounded: the values came from a peer (see {@link Amf0Summary}). */
  @Override
  public String toString() {
    return "DataMessage[timestamp=" + timestamp + " streamId=" + streamId + " values=" + Amf0Summary.of(values) + "]";
  }
}
