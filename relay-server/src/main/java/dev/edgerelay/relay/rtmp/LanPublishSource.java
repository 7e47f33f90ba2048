package dev.edgerelay.relay.rtmp;

import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.media.flv.FlvUnitMapper;
import dev.edgerelay.media.rtmp.message.DataMessage;
import dev.edgerelay.media.rtmp.message.MediaMessage;
import dev.edgerelay.media.rtmp.server.LiveStream;
import dev.edgerelay.media.rtmp.server.Publication;
import dev.edgerelay.media.stream.Stream;
import dev.edgerelay.relay.hub.StreamKey;
import dev.edgerelay.relay.hub.StreamSource;
import io.netty.buffer.PooledByteBufAllocator;
import io.vertx.core.Future;

/**
 * A LAN camera publishing RTMP straight to the node (issue 5) as the source of its channel's stream:
 * it subscribes to the camera's {@link LiveStream} in the RTMP server and maps each FLV message to a
 * {@link MediaUnit}. RTMP players of the channel join the camera's stream in the server directly; HLS,
 * recording and thumbnails read the hub stream as for a pull.
 */
final class LanPublishSource implements StreamSource, Publication {
  private final StreamKey key;
  private final LiveStream live;
  private final Runnable onUnpublish;
  private final FlvUnitMapper mapper;
  private volatile Stream stream;
  private volatile boolean ended;
  private long units;

  LanPublishSource(StreamKey key, LiveStream live, Runnable onUnpublish) {
    this.key = key;
    this.live = live;
    this.onUnpublish = onUnpublish;
    this.mapper = new FlvUnitMapper(key.rtmpName(), PooledByteBufAllocator.DEFAULT);
  }

  @Override
  public void start(Stream target) {
    this.stream = target;
    live.subscribe(this);
  }

  @Override
  public void media(MediaMessage message) {
    MediaUnit unit;
    try {
      long now = System.currentTimeMillis();
      unit = message.isVideo() ? mapper.mapVideo(message.timestamp(), message.content(), now)
          : mapper.mapAudio(message.timestamp(), message.content(), now);
    } finally {
      message.release();
    }
    Stream target = stream;
    if (unit == null) {
      return;
    }
    if (target == null || ended) {
      unit.release();
      return;
    }
    units++;
    target.publish(unit);
  }

  @Override
  public void metadata(DataMessage metadata) {
    // onMetaData only describes what the units already carry
  }

  @Override
  public void unit(MediaUnit unit) {
    unit.release(); // a network publisher sends messages, never units
  }

  @Override
  public void unpublish() {
    if (!ended) {
      ended = true;
      onUnpublish.run();
    }
  }

  @Override
  public Future<Void> stop() {
    ended = true;
    return Future.succeededFuture();
  }

  @Override
  public String describe() {
    return "LAN camera publishing " + key.rtmpName() + (ended ? " (ended)" : "") + ", " + units + " units";
  }
}
