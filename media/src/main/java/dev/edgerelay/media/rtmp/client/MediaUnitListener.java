package dev.edgerelay.media.rtmp.client;

import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.media.flv.FlvUnitMapper;
import dev.edgerelay.media.rtmp.message.MediaMessage;
import io.netty.buffer.ByteBufAllocator;
import java.util.function.Consumer;

/**
 * Adapts a pull to {@link MediaUnit}s: each audio/video message body is an FLV tag body, which the FLV
 * mapper turns into units (sequence headers become the configuration later units carry).
 */
public final class MediaUnitListener implements RtmpPlayListener {
  private final FlvUnitMapper mapper;
  private final Consumer<MediaUnit> units;

  /** {@code units} receives each unit and owns it; it runs on the connection's event loop. */
  public MediaUnitListener(String streamName, Consumer<MediaUnit> units) {
    this.mapper = new FlvUnitMapper(streamName, ByteBufAllocator.DEFAULT);
    this.units = units;
  }

  @Override
  public void onMedia(MediaMessage message) {
    try {
      long now = System.currentTimeMillis();
      MediaUnit unit = message.isVideo()
          ? mapper.mapVideo(message.timestamp(), message.content(), now)
          : mapper.mapAudio(message.timestamp(), message.content(), now);
      if (unit != null) {
        units.accept(unit);
      }
    } finally {
      message.release();
    }
  }
}
