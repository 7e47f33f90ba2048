package dev.edgerelay.media.rtmp.server;

import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.media.flv.FlvUnitAdapter;
import dev.edgerelay.media.rtmp.message.DataMessage;
import dev.edgerelay.media.rtmp.message.MediaMessage;
import dev.edgerelay.media.stream.GopLimits;
import dev.edgerelay.media.stream.ReaderLimits;
import dev.edgerelay.media.stream.ReaderStart;
import dev.edgerelay.media.stream.Stream;
import io.netty.buffer.ByteBufAllocator;

/**
 * One named stream of the server's registry, fed by a network publisher (or by the emulator's origin): its
 * messages become units of a {@link Stream} through the {@link FlvUnitAdapter}, and each player is a
 * {@link StreamPlayback} of that stream, as in the node's own live application. So the whole codebase has one
 * fan-out, one keyframe cache and one per-player bound. The publisher's latest onMetaData goes to each
 * player when it joins and when the publisher sends a new one.
 */
public final class LiveStream implements Publication {
  private final StreamRegistry registry;
  private final String app;
  private final String name;
  private final Stream stream;
  private final FlvUnitAdapter adapter;
  private final ReaderLimits playerLimits;
  private final ReaderStart playerStart;
  private volatile DataMessage metadata;
  private volatile long frames;
  private volatile boolean ended;

  LiveStream(StreamRegistry registry, String app, String name, int playerQueueLimit, int gopCacheBytes,
      ReaderStart playerStart) {
    this.registry = registry;
    this.app = app;
    this.name = name;
    this.stream = new Stream(name, new GopLimits(GopLimits.DEFAULT_MAX_UNITS, gopCacheBytes), s -> {});
    this.adapter = new FlvUnitAdapter(app + "/" + name, ByteBufAllocator.DEFAULT);
    this.playerLimits = new ReaderLimits(playerQueueLimit, ReaderLimits.DEFAULT_MAX_BYTES);
    this.playerStart = playerStart;
  }

  public String app() {
    return app;
  }

  public String name() {
    return name;
  }

  public int playerCount() {
    return stream.readerCount();
  }

  /** Units the current players skipped because they fell behind. */
  public long droppedByPlayers() {
    return stream.droppedUnits();
  }

  /** Media messages published so far, sequence headers included. */
  public long frames() {
    return frames;
  }

  @Override
  public void metadata(DataMessage message) {
    metadata = message;
  }

  @Override
  public void media(MediaMessage message) {
    if (ended) {
      message.release();
      return;
    }
    frames++; // one publisher thread writes it
    MediaUnit unit = adapter.toUnit(message, System.currentTimeMillis());
    if (unit != null) {
      stream.publish(unit);
    }
  }

  /**
   * The source skipped media (a stall, lost packets): the cached GOP is older than the gap, so a player joining
   * now waits for the next keyframe rather than starting on frames that then jump forward in time.
   */
  public void sourceGap() {
    stream.sourceGap();
  }

  /** Starts a player on the connection's event loop; null when the stream has ended. */
  Playback play(PlayerChannel player) {
    return ended ? null : new StreamPlayback(stream, player, playerStart, playerLimits, () -> metadata, () -> {});
  }

  @Override
  public void unpublish() {
    if (ended) {
      return;
    }
    ended = true;
    stream.end(); // players hear StreamEOF and Play.UnpublishNotify
    registry.remove(this);
  }

  @Override
  public String toString() {
    return "LiveStream[" + app + "/" + name + "]";
  }
}
