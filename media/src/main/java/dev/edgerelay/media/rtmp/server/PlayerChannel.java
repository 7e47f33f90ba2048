package dev.edgerelay.media.rtmp.server;

import dev.edgerelay.media.rtmp.message.NetStatus;
import dev.edgerelay.media.rtmp.message.RtmpMessage;
import dev.edgerelay.media.rtmp.message.UserControlMessage;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;

/** The one player a {@link Playback} sends to: its connection and its message stream id. */
public final class PlayerChannel {
  private final Channel channel;
  private final int streamId;

  PlayerChannel(Channel channel, int streamId) {
    this.channel = channel;
    this.streamId = streamId;
  }

  public int streamId() {
    return streamId;
  }

  /** The connection's event loop: a playback's own tasks run here, so they never race the server's calls. */
  public EventLoop eventLoop() {
    return channel.eventLoop();
  }

  /** False while Netty's outbound buffer is over its high water mark: stop sending until {@link Playback#writable()}. */
  public boolean writable() {
    return channel.isWritable();
  }

  public boolean active() {
    return channel.isActive();
  }

  /** Queues a message (ownership passes to the pipeline); {@link #flush()} sends what was queued. */
  public void write(RtmpMessage message) {
    channel.write(message, channel.voidPromise());
  }

  public void flush() {
    channel.flush();
  }

  /** An onStatus on this stream, flushed. */
  public void status(String level, String code, String description) {
    channel.writeAndFlush(NetStatus.onStatus(streamId, level, code, description), channel.voidPromise());
  }

  /** A user control event about this stream (StreamBegin, StreamEOF, StreamIsRecorded). */
  public void userControl(int eventType) {
    write(UserControlMessage.of(eventType, streamId));
  }

  @Override
  public String toString() {
    return channel.remoteAddress() + " stream " + streamId;
  }
}
