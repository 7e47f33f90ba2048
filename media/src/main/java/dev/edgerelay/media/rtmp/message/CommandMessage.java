package dev.edgerelay.media.rtmp.message;

import dev.edgerelay.media.amf0.Amf0Summary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * An AMF0 command (spec 7.1.1, 7.2): name, transaction id, command object, then arguments.
 * {@code commandObject} is usually an {@link dev.edgerelay.media.amf0.Amf0Object} or null.
 */
public record CommandMessage(int streamId, String name, double transactionId, Object commandObject,
    List<Object> arguments) implements RtmpMessage {

  public CommandMessage {
    arguments = Collections.unmodifiableList(new ArrayList<>(arguments));
  }

  public static CommandMessage of(int streamId, String name, double transactionId, Object commandObject,
      Object... arguments) {
    return new CommandMessage(streamId, name, transactionId, commandObject, Arrays.asList(arguments));
  }

  /** Argument {@code index} (after the command object), or null when absent. */
  public Object argument(int index) {
    return index < arguments.size() ? arguments.get(index) : null;
  }

  @Override public int typeId() { return MessageType.COMMAND_AMF0; }
  @Override public long timestamp() { return 0; }

  /** Bounded: the values came from a peer (see {@link Amf0Summary}). */
  @Override
  public String toString() {
    return "CommandMessage[streamId=" + streamId + " name=" + Amf0Summary.of(name) + " transactionId="
        + transactionId + " commandObject=" + Amf0Summary.of(commandObject)
        + " arguments=" + Amf0Summary.of(arguments) + "]";
  }
}
