package dev.edgerelay.media.rtmp.server;

import dev.edgerelay.media.rtmp.message.MediaMessage;
import dev.edgerelay.media.rtmp.message.RtmpMessage;
import io.netty.channel.Channel;
import io.netty.util.ReferenceCountUtil;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One player of a live stream: its own bounded queue between the publisher's thread and the player's
 * event loop. Messages leave the queue only while the channel is writable, so a slow network fills
 * the queue, not Netty's outbound buffer. A full queue never makes the publisher wait: the player
 * drops media until the next random-access point and resumes there, counting what it lost.
 */
final class LivePlayer {
  private final Channel channel;
  private final int streamId;
  private final int queueLimit;
  private final Queue<RtmpMessage> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final AtomicLong dropped = new AtomicLong();
  private volatile boolean closed;
  /** Producer side only (the stream's lock): waiting for a keyframe after a drop or a late join. */
  private boolean skipping;

  LivePlayer(Channel channel, int streamId, int queueLimit) {
    this.channel = channel;
    this.streamId = streamId;
    this.queueLimit = queueLimit;
  }

  int streamId() {
    return streamId;
  }

  long dropped() {
    return dropped.get();
  }

  /** A player that joins without a cached GOP waits for the next keyframe rather than show a broken picture. */
  void waitForKeyframe() {
    skipping = true;
  }

  /**
   * Control, metadata and sequence headers: queued even while frames are skipped, since players need
   * them. A player whose queue is full even for these is dropped: it is not reading at all.
   */
  void send(RtmpMessage message) {
    if (queued.get() >= queueLimit) {
      ReferenceCountUtil.release(message);
      dropped.incrementAndGet();
      channel.close();
      return;
    }
    enqueue(message);
  }

  /** A frame from the publisher, not retained by the caller; queued as this player's own copy. */
  void offerMedia(MediaMessage frame, boolean randomAccess) {
    if (skipping && !randomAccess) {
      dropped.incrementAndGet();
      return;
    }
    if (queued.get() >= queueLimit) {
      skipping = true;
      dropped.incrementAndGet();
      return;
    }
    skipping = false;
    enqueue(frame.retainedForStream(streamId));
  }

  private void enqueue(RtmpMessage message) {
    queue.add(message);
    queued.incrementAndGet();
    scheduleDrain();
  }

  /** Runs a drain on the player's event loop; also called when the channel becomes writable again. */
  void scheduleDrain() {
    if (drainScheduled.compareAndSet(false, true)) {
      channel.eventLoop().execute(this::drain);
    }
  }

  private void drain() {
    drainScheduled.set(false);
    if (closed || !channel.isActive()) {
      releaseQueued();
      return;
    }
    boolean wrote = false;
    RtmpMessage m;
    while (channel.isWritable() && (m = queue.poll()) != null) {
      queued.decrementAndGet();
      channel.write(m, channel.voidPromise());
      wrote = true;
    }
    if (wrote) {
      channel.flush();
    }
  }

  /** Stops the player; what is still queued is released on its event loop. */
  void close() {
    closed = true;
    scheduleDrain();
  }

  private void releaseQueued() {
    RtmpMessage m;
    while ((m = queue.poll()) != null) {
      queued.decrementAndGet();
      ReferenceCountUtil.release(m);
    }
  }
}
