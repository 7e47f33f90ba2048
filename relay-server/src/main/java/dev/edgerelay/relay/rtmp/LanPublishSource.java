package dev.edgerelay.relay.rtmp;

import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.media.flv.FlvUnitAdapter;
import dev.edgerelay.media.rtmp.message.DataMessage;
import dev.edgerelay.media.rtmp.message.MediaMessage;
import dev.edgerelay.media.rtmp.server.Publication;
import dev.edgerelay.media.stream.Stream;
import dev.edgerelay.relay.hub.StreamKey;
import dev.edgerelay.relay.hub.StreamSource;
import io.netty.buffer.PooledByteBufAllocator;
import io.vertx.core.Future;

/**
 * A LAN camera publishing RTMP straight to the node as the source of its channel's hub stream: the RTMP
 * server hands it the camera's messages on the connection's event loop, and it maps each through the
 * {@link FlvUnitAdapter} and publishes the unit. Everything else (RTMP players, HLS, recording,
 * thumbnails) reads the hub stream, as for a pulled channel.
 */
final class LanPublishSource implements StreamSource, Publication {
  private final StreamKey key;
  private final Runnable onUnpublish;
  private final String peerIp;
  private final FlvUnitAdapter adapter;
  private volatile Stream stream;
  private volatile DataMessage metadata;
  private volatile boolean ended;
  private volatile long units;

  /** @param peerIp the camera's IP address, "" when unknown */
  LanPublishSource(StreamKey key, String peerIp, Runnable onUnpublish) {
    this.key = key;
    this.peerIp = peerIp;
    this.onUnpublish = onUnpublish;
    this.adapter = new FlvUnitAdapter(key.rtmpName(), PooledByteBufAllocator.DEFAULT);
  }

  String peerIp() {
    return peerIp;
  }

  @Override
  public void start(Stream target) {
    this.stream = target;
  }

  @Override
  public void media(MediaMessage message) {
    MediaUnit unit = adapter.toUnit(message, System.currentTimeMillis());
    if (unit == null) {
      return;
    }
    Stream target = stream;
    if (target == null || ended) {
      unit.release();
      return;
    }
    units++; // only the publisher's event loop writes it
    target.publish(unit);
  }

  /** Kept for players that join later: they get the camera's onMetaData before its media. */
  @Override
  public void metadata(DataMessage message) {
    this.metadata = message;
  }

  /** The camera's latest onMetaData, or null. */
  DataMessage metadata() {
    return metadata;
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
