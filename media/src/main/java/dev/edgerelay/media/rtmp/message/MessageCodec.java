package dev.edgerelay.media.rtmp.message;

import dev.edgerelay.media.amf0.Amf0Decoder;
import dev.edgerelay.media.amf0.Amf0Encoder;
import dev.edgerelay.media.amf0.Amf0Exception;
import dev.edgerelay.media.amf0.Amf0Summary;
import io.netty.buffer.ByteBuf;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps message payloads to message types and back (spec 5.4, 6.2, 7.1). Stateless. Media payloads are
 * passed through without a copy; everything else is small and decoded eagerly.
 */
public final class MessageCodec {
  private static final Logger log = LoggerFactory.getLogger(MessageCodec.class);
  /** The first byte of an AMF3-typed message (types 15, 17): 0, the AMF0 encoding of what follows. */
  private static final int AMF3_FORMAT_BYTE = 0;
  private MessageCodec() {}

  /**
   * Decodes one reassembled payload. Takes ownership of {@code payload}: it is wrapped by a returned
   * {@link MediaMessage} or released. AMF3-typed commands and data (17, 15) come back as their AMF0
   * counterparts. Returns null for a type we do not handle (shared objects 16 and 19, and aggregates,
   * which {@link AggregateSplitter} splits first), which the caller logs and drops.
   */
  public static RtmpMessage decode(int typeId, long timestamp, int streamId, ByteBuf payload)
      throws RtmpProtocolException {
    if (typeId == MessageType.AUDIO || typeId == MessageType.VIDEO) {
      return new MediaMessage(typeId, timestamp, streamId, payload);
    }
    try {
      return decodeSmall(typeId, timestamp, streamId, payload);
    } catch (Amf0Exception e) {
      // the decoder's sentences carry counts and limits, never decoded values
      throw new RtmpProtocolException("type " + typeId + ": " + e.getMessage());
    } finally {
      payload.release();
    }
  }

  private static RtmpMessage decodeSmall(int typeId, long timestamp, int streamId, ByteBuf in)
      throws RtmpProtocolException, Amf0Exception {
    switch (typeId) {
      case MessageType.SET_CHUNK_SIZE:
        // spec 5.4.1: bit 31 must be 0, and a size of 0 could never carry a byte
        long size = u32(in, typeId);
        if (size < 1 || size > Integer.MAX_VALUE) {
          throw new RtmpProtocolException("set chunk size " + size);
        }
        return new SetChunkSize((int) size);
      case MessageType.ABORT:
        return new AbortMessage((int) u32(in, typeId));
      case MessageType.ACKNOWLEDGEMENT:
        return new Acknowledgement(u32(in, typeId));
      case MessageType.WINDOW_ACK_SIZE:
        return new WindowAcknowledgementSize(u32(in, typeId));
      case MessageType.SET_PEER_BANDWIDTH:
        long window = u32(in, typeId);
        need(in, 1, typeId);
        return new SetPeerBandwidth(window, in.readUnsignedByte());
      case MessageType.USER_CONTROL:
        need(in, 2, typeId);
        int event = in.readUnsignedShort();
        long value = in.readableBytes() >= 4 ? in.readUnsignedInt() : 0;
        long bufferLength = event == UserControlMessage.SET_BUFFER_LENGTH && in.readableBytes() >= 4
            ? in.readUnsignedInt() : 0;
        return new UserControlMessage(event, value, bufferLength);
      case MessageType.COMMAND_AMF3:
        need(in, 1, typeId);
        in.skipBytes(1); // the AMF3 envelope's format byte (0); FMS and Wowza clients follow it with AMF0
        return command(streamId, amf3Envelope(in, typeId));
      case MessageType.COMMAND_AMF0:
        return command(streamId, Amf0Decoder.decodeAll(in));
      case MessageType.DATA_AMF3:
        if (in.isReadable() && in.getUnsignedByte(in.readerIndex()) == AMF3_FORMAT_BYTE) {
          in.skipBytes(1); // a handler name is a string (0x02), so a leading 0 can only be the format byte
        }
        return new DataMessage(timestamp, streamId, amf3Envelope(in, typeId));
      case MessageType.DATA_AMF0:
        return new DataMessage(timestamp, streamId, Amf0Decoder.decodeAll(in));
      default:
        return null;
    }
  }

  /**
   * The AMF0 values of an AMF3-typed message, up to a top-level switch to real AMF3 (avmplus-object):
   * what follows it, such as an AMF3 argument to a call we answer anyway, is dropped with a debug line.
   */
  private static List<Object> amf3Envelope(ByteBuf in, int typeId) throws Amf0Exception {
    List<Object> values = Amf0Decoder.decodeUntilAmf3(in);
    if (in.isReadable()) {
      log.debug("type {} message: {} bytes of AMF3 after {} AMF0 values dropped", typeId, in.readableBytes(),
          values.size());
    }
    return values;
  }

  private static CommandMessage command(int streamId, List<Object> values) throws RtmpProtocolException {
    if (values.size() < 2 || !(values.get(0) instanceof String name) || !(values.get(1) instanceof Double tx)) {
      throw new RtmpProtocolException("command without a name and a transaction id: " + Amf0Summary.of(values));
    }
    Object commandObject = values.size() > 2 ? values.get(2) : null;
    List<Object> arguments = values.size() > 3 ? values.subList(3, values.size()) : List.of();
    return new CommandMessage(streamId, name, tx, commandObject, arguments);
  }

  /** Writes the payload of a non-media message. Media payloads are written from their content. */
  public static void encodePayload(RtmpMessage message, ByteBuf out) {
    if (message instanceof SetChunkSize m) {
      out.writeInt(m.chunkSize());
    } else if (message instanceof AbortMessage m) {
      out.writeInt(m.chunkStreamId());
    } else if (message instanceof Acknowledgement m) {
      out.writeInt((int) m.sequenceNumber());
    } else if (message instanceof WindowAcknowledgementSize m) {
      out.writeInt((int) m.windowSize());
    } else if (message instanceof SetPeerBandwidth m) {
      out.writeInt((int) m.windowSize()).writeByte(m.limitType());
    } else if (message instanceof UserControlMessage m) {
      out.writeShort(m.eventType()).writeInt((int) m.value());
      if (m.eventType() == UserControlMessage.SET_BUFFER_LENGTH) {
        out.writeInt((int) m.bufferLength());
      }
    } else if (message instanceof CommandMessage m) {
      Amf0Encoder.encode(out, m.name());
      Amf0Encoder.encode(out, m.transactionId());
      Amf0Encoder.encode(out, m.commandObject());
      Amf0Encoder.encodeAll(out, m.arguments());
    } else if (message instanceof DataMessage m) {
      Amf0Encoder.encodeAll(out, m.values());
    } else {
      throw new IllegalArgumentException("cannot encode " + message);
    }
  }

  private static long u32(ByteBuf in, int typeId) throws RtmpProtocolException {
    need(in, 4, typeId);
    return in.readUnsignedInt();
  }

  private static void need(ByteBuf in, int bytes, int typeId) throws RtmpProtocolException {
    if (in.readableBytes() < bytes) {
      throw new RtmpProtocolException("type " + typeId + " payload truncated: " + in.readableBytes() + " bytes");
    }
  }
}
