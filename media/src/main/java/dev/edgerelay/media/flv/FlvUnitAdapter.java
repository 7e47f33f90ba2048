package dev.edgerelay.media.flv;

import dev.edgerelay.media.CodecConfig;
import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.media.Timebase;
import dev.edgerelay.media.rtmp.message.MediaMessage;
import dev.edgerelay.media.rtmp.message.MessageType;
import io.netty.buffer.ByteBufAllocator;
import java.util.function.Consumer;

/**
 * The one adapter between RTMP audio/video messages (types 8 and 9, whose bodies are FLV tag bodies) and
 * codec-neutral {@link MediaUnit}s, both ways: a pull and a LAN publisher map messages to units through it,
 * and a LAN player gets units written back as messages through it. One instance per direction and stream:
 * inbound it remembers the codec configuration each sequence header announced, outbound the one it last
 * sent per track, so a change is announced before the unit that needs it.
 */
public final class FlvUnitAdapter {
  private final FlvUnitMapper mapper;
  private final ByteBufAllocator alloc;
  /** The configuration last sent per track ({@link dev.edgerelay.media.Track} ordinal). */
  private final CodecConfig[] sentConfigs = new CodecConfig[2];

  /** @param streamName names the stream in log lines only */
  public FlvUnitAdapter(String streamName, ByteBufAllocator alloc) {
    this.mapper = new FlvUnitMapper(streamName, alloc);
    this.alloc = alloc;
  }

  /**
   * Maps one audio or video message; takes ownership of it. Returns the unit, or null for messages that
   * yield none (sequence headers, whose configuration rides on later units; unsupported or malformed ones).
   */
  public MediaUnit toUnit(MediaMessage message, long receivedAtMillis) {
    try {
      return message.isVideo()
          ? mapper.mapVideo(message.timestamp(), message.content(), receivedAtMillis)
          : mapper.mapAudio(message.timestamp(), message.content(), receivedAtMillis);
    } finally {
      message.release();
    }
  }

  /**
   * Writes {@code unit} as messages on message stream {@code streamId}: first a sequence header when its
   * configuration differs from the last one sent on its track, then the coded frame. The caller keeps its
   * reference to the unit; each message holds its own.
   */
  public void toMessages(MediaUnit unit, int streamId, Consumer<MediaMessage> out) {
    int track = unit.track().ordinal();
    CodecConfig config = unit.config();
    if (config != null && !config.sameAs(sentConfigs[track])) {
      sentConfigs[track] = config;
      long millis = unit.timebase().convert(unit.dts(), Timebase.MILLIS);
      out.accept(message(FlvUnitEncoder.sequenceHeader(config, millis, alloc), streamId));
    }
    out.accept(message(FlvUnitEncoder.encode(unit, alloc), streamId));
  }

  /** Forgets what was sent: the next unit of each track is preceded by its sequence header again. */
  public void resendConfigs() {
    sentConfigs[0] = null;
    sentConfigs[1] = null;
  }

  private static MediaMessage message(FlvTag tag, int streamId) {
    int type = tag.type() == FlvTagType.VIDEO ? MessageType.VIDEO : MessageType.AUDIO;
    return new MediaMessage(type, tag.timestamp(), streamId, tag.content());
  }
}
