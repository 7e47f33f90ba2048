package dev.edgerelay.media.rtmp.server;

import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.media.flv.FlvUnitAdapter;
import dev.edgerelay.media.rtmp.message.DataMessage;
import dev.edgerelay.media.rtmp.message.NetStatus;
import dev.edgerelay.media.rtmp.message.UserControlMessage;
import dev.edgerelay.media.stream.ReaderLimits;
import dev.edgerelay.media.stream.ReaderStart;
import dev.edgerelay.media.stream.Stream;
import dev.edgerelay.media.stream.StreamListener;
import dev.edgerelay.media.stream.StreamReader;
import io.netty.buffer.ByteBufAllocator;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * A live play served from a {@link Stream}: the player is one more reader of the stream, joining from its
 * cached GOP so the picture starts at once, with the reader's bounded queue as its only buffer. Units are
 * written as FLV messages through the {@link FlvUnitAdapter} (a sequence header before the first unit of
 * each configuration), on the player's event loop, flushed once per batch. While the socket is over its
 * high water mark the reader is paused: its queue fills, and past its limits it drops to the next keyframe.
 */
public final class StreamPlayback implements Playback, StreamListener {
  private final String name;
  private final PlayerChannel player;
  private final FlvUnitAdapter adapter;
  private final Supplier<DataMessage> metadata;
  private final Runnable onClose;
  private final LongConsumer sent;
  private final StreamReader reader;
  private DataMessage sentMetadata;
  private boolean closed;

  /**
   * Starts at once: StreamBegin, Play.Reset, Play.Start, the publisher's onMetaData when there is one, then
   * media. Call on the player's event loop (a provider's {@link PlaybackProvider#start}).
   *
   * @param metadata the publisher's latest onMetaData, or null: sent at the start and again, before the next
   *     unit, whenever the publisher sends a new one
   * @param onClose runs once when the play ends (the player left or the stream ended)
   */
  public StreamPlayback(Stream stream, PlayerChannel player, ReaderLimits limits, Supplier<DataMessage> metadata,
      Runnable onClose) {
    this(stream, player, ReaderStart.CACHED_GOP, limits, metadata, onClose);
  }

  /** As above, starting where {@code start} says instead of from the cached GOP. */
  public StreamPlayback(Stream stream, PlayerChannel player, ReaderStart start, ReaderLimits limits,
      Supplier<DataMessage> metadata, Runnable onClose) {
    this(stream, player, start, limits, metadata, onClose, bytes -> {});
  }

  /**
   * As above, telling {@code sent} the media bytes of each unit written to the player (the units' payload, not
   * the RTMP framing), on the player's event loop: what a node counts as its RTMP bytes out.
   */
  public StreamPlayback(Stream stream, PlayerChannel player, ReaderStart start, ReaderLimits limits,
      Supplier<DataMessage> metadata, Runnable onClose, LongConsumer sent) {
    this.name = stream.name();
    this.sent = sent;
    this.player = player;
    this.adapter = new FlvUnitAdapter(stream.name(), ByteBufAllocator.DEFAULT);
    this.metadata = metadata;
    this.onClose = onClose;
    int sid = player.streamId();
    player.userControl(UserControlMessage.STREAM_BEGIN);
    player.write(NetStatus.onStatus(sid, NetStatus.LEVEL_STATUS, NetStatus.PLAY_RESET, "Playing and resetting"));
    player.write(NetStatus.onStatus(sid, NetStatus.LEVEL_STATUS, NetStatus.PLAY_START, "Started playing"));
    sendNewMetadata();
    player.flush();
    this.reader = stream.addReader("rtmp " + player, start, limits, player.eventLoop(), this);
  }

  @Override
  public void onUnit(MediaUnit unit) {
    try {
      if (!closed && player.active()) {
        sendNewMetadata();
        sent.accept(unit.content().readableBytes()); // read before the adapter hands the bytes on
        adapter.toMessages(unit, player.streamId(), player::write);
        if (!player.writable()) {
          reader.pause();
        }
      }
    } finally {
      unit.release();
    }
  }

  private void sendNewMetadata() {
    DataMessage latest = metadata.get();
    if (latest != null && latest != sentMetadata) {
      sentMetadata = latest;
      player.write(latest.forPlayer(player.streamId()));
    }
  }

  @Override
  public void onDrained() {
    player.flush();
  }

  @Override
  public void onSourceRestart() {
    adapter.resendConfigs(); // the new connection's decoder configuration goes out again before its keyframe
  }

  @Override
  public void onStreamEnd() {
    if (!closed && player.active()) {
      player.userControl(UserControlMessage.STREAM_EOF);
      player.status(NetStatus.LEVEL_STATUS, NetStatus.PLAY_UNPUBLISH_NOTIFY, name + " is now unpublished");
    }
    close();
  }

  @Override
  public void writable() {
    reader.resume();
  }

  @Override
  public void seek(long millis) {
    player.status(NetStatus.LEVEL_ERROR, NetStatus.SEEK_FAILED, ServerSession.LIVE_CANNOT_SEEK);
  }

  @Override
  public void pause(boolean pause, long millis) {
    // a live stream plays from now: pausing it would only fill the queue, so it is not honoured
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    reader.close();
    onClose.run();
  }

  /** Units this player lost because it fell behind (see {@link ReaderLimits}). */
  public long droppedUnits() {
    return reader.droppedUnits();
  }
}
