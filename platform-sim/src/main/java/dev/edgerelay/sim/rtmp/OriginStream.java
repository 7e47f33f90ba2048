package dev.edgerelay.sim.rtmp;

import dev.edgerelay.media.amf0.Amf0Decoder;
import dev.edgerelay.media.amf0.Amf0Exception;
import dev.edgerelay.media.flv.FlvTag;
import dev.edgerelay.media.flv.FlvTagType;
import dev.edgerelay.media.rtmp.message.DataMessage;
import dev.edgerelay.media.rtmp.message.MediaMessage;
import dev.edgerelay.media.rtmp.server.LiveStream;
import io.netty.channel.EventLoop;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A camera's stream in the origin. Every FLV tag reaches the {@link LiveStream} on the stream's own event loop:
 * an encoder thread hands tags over with {@link #offer(FlvTag)}, a loop camera already on that loop calls
 * {@link #deliver(FlvTag)}. FLV tag bodies are RTMP message bodies (FLV spec v10.1 E.4.1; RTMP spec 7.1.4-5),
 * so tags pass unchanged; script data (onMetaData) becomes an AMF0 data message.
 */
public final class OriginStream {
  private static final Logger LOG = LoggerFactory.getLogger(OriginStream.class);
  /** Tags handed to the loop and not yet delivered; beyond it the encoder's tags are dropped (a stalled loop). */
  public static final int MAX_PENDING_TAGS = 512;

  private final LiveStream live;
  private final EventLoop loop;
  private final Runnable onEnd;
  /** True while a stall fault withholds media; the connections stay open, as a hung origin's do (the pull watchdog's case). */
  private final BooleanSupplier stalled;
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();
  private volatile boolean ended;
  /** After a stall, media stays withheld until a video keyframe: players and the GOP cache resume on a whole GOP. */
  private boolean resumeOnKeyframe;

  OriginStream(LiveStream live, EventLoop loop, Runnable onEnd, BooleanSupplier stalled) {
    this.live = live;
    this.loop = loop;
    this.onEnd = onEnd;
    this.stalled = stalled;
  }

  public EventLoop loop() {
    return loop;
  }

  public String name() {
    return live.name();
  }

  /** Tags lost to a full hand-off queue. */
  public long dropped() {
    return dropped.get();
  }

  /** From any thread: takes ownership of the tag and delivers it on the stream's loop. */
  public void offer(FlvTag tag) {
    if (ended || pending.get() >= MAX_PENDING_TAGS) {
      dropped.incrementAndGet();
      tag.release();
      return;
    }
    pending.incrementAndGet();
    try {
      loop.execute(() -> {
        pending.decrementAndGet();
        deliver(tag);
      });
    } catch (RejectedExecutionException e) {
      pending.decrementAndGet();
      tag.release();
    }
  }

  /** On {@link #loop()} only: takes ownership of the tag and publishes it. */
  public void deliver(FlvTag tag) {
    if (ended || withheld(tag)) {
      tag.release();
      return;
    }
    switch (tag.type()) {
      case AUDIO, VIDEO -> live.media(new MediaMessage(tag.type().id(), tag.timestamp(), 0, tag.content()));
      case SCRIPT_DATA -> {
        try {
          live.metadata(new DataMessage(tag.timestamp(), 0, Amf0Decoder.decodeAll(tag.content())));
        } catch (Amf0Exception e) {
          LOG.warn("{}: unreadable script data tag dropped: {}", live.name(), e.getMessage());
        } finally {
          tag.release();
        }
      }
    }
  }

  /** On the loop: whether a stall fault swallows this tag (script data always passes). */
  private boolean withheld(FlvTag tag) {
    if (tag.type() == FlvTagType.SCRIPT_DATA) {
      return false;
    }
    if (stalled.getAsBoolean()) {
      if (!resumeOnKeyframe) {
        live.sourceGap(); // players joining during the stall must not start on the GOP from before it
      }
      resumeOnKeyframe = true;
      return true;
    }
    if (resumeOnKeyframe && tag.type() == FlvTagType.VIDEO && isAvcKeyframe(tag)) {
      resumeOnKeyframe = false;
    }
    return resumeOnKeyframe;
  }

  /** FLV VideoTagHeader (FLV spec v10.1 E.4.3.1): FrameType 1 (key frame), AVCPacketType 1 (NALUs, not a config). */
  private static boolean isAvcKeyframe(FlvTag tag) {
    int at = tag.content().readerIndex();
    return tag.content().readableBytes() >= 2 && (tag.content().getByte(at) >> 4 & 0x0F) == 1
        && tag.content().getByte(at + 1) == 1;
  }

  /** Ends the stream on its loop (players get Play.UnpublishNotify); tags offered later are released. */
  public void unpublish() {
    try {
      loop.execute(this::end);
    } catch (RejectedExecutionException e) {
      end();
    }
  }

  /** On {@link #loop()}, or once the loop is gone. */
  void end() {
    if (!ended) {
      ended = true;
      live.unpublish();
      onEnd.run();
    }
  }
}
