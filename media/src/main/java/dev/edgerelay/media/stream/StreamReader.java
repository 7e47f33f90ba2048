package dev.edgerelay.media.stream;

import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.media.Track;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One reader's view of a {@link Stream}: a bounded queue between the source's thread and the
 * reader's executor. The source never waits here: when the reader falls behind past its
 * {@link ReaderLimits}, the queue is emptied, the loss counted, and the reader resumes at the next
 * keyframe, so it never sees a P-frame without its reference.
 */
public final class StreamReader implements AutoCloseable {
  /** Queue marker for {@link StreamListener#onSourceRestart()}, ordered with the units. */
  private static final Object RESTART = new Object();
  private static final Object END = new Object();
  /** Units handed to the listener per executor task, so one reader cannot hog its thread. */
  static final int DRAIN_BATCH = 64;

  private final String name;
  private final ReaderLimits limits;
  private final Executor executor;
  private final StreamListener listener;
  /** Audio passes the gate before the first keyframe ({@link ReaderStart#AUDIO_NOW_VIDEO_AT_KEYFRAME}). */
  private final boolean audioBeforeFirstKeyframe;
  private final ArrayDeque<Object> queue = new ArrayDeque<>();
  private final AtomicLong droppedUnits = new AtomicLong();
  private final AtomicLong deliveredUnits = new AtomicLong();
  private long queuedBytes;
  private int queuedUnits;
  private boolean waitingForKeyframe = true;
  /**
   * The gate closed because this reader's queue overflowed: what it skips until the next keyframe is lost to it,
   * and counted as dropped. Units before its first keyframe (or before a restarted source's first) were never its
   * to lose: every reader of the stream waits for them alike, so they are not drops.
   */
  private boolean lostItsPlace;
  /** The gate has opened once: the reader has started. */
  private boolean started;
  private boolean drainScheduled;
  /** Set by the reader's own thread while its output cannot take more (a player's socket is full). */
  private volatile boolean paused;
  private boolean closed;
  private Runnable onClose = () -> {};

  StreamReader(String name, ReaderLimits limits, Executor executor, StreamListener listener) {
    this(name, ReaderStart.NEXT_KEYFRAME, limits, executor, listener);
  }

  StreamReader(String name, ReaderStart start, ReaderLimits limits, Executor executor, StreamListener listener) {
    this.audioBeforeFirstKeyframe = start == ReaderStart.AUDIO_NOW_VIDEO_AT_KEYFRAME;
    this.name = name;
    this.limits = limits;
    this.executor = executor;
    this.listener = listener;
  }

  public String name() {
    return name;
  }

  /** Units thrown away because this reader fell behind or joined between keyframes. */
  public long droppedUnits() {
    return droppedUnits.get();
  }

  public long deliveredUnits() {
    return deliveredUnits.get();
  }

  void onClose(Runnable action) {
    this.onClose = action;
  }

  /** Called on the source's thread; takes ownership of {@code unit}. */
  void offer(MediaUnit unit, boolean streamHasVideo) {
    offer(unit, streamHasVideo, null);
  }

  /**
   * As {@link #offer(MediaUnit, boolean)}; when {@code unit} is the keyframe this reader starts at,
   * {@code audioBefore} (the stream's last audio unit before it, not retained, or null) is queued first, so the
   * reader learns that the stream carries audio from the units themselves, as they were at that keyframe.
   */
  void offer(MediaUnit unit, boolean streamHasVideo, MediaUnit audioBefore) {
    synchronized (this) {
      if (!started && !audioBeforeFirstKeyframe && audioBefore != null && !closed && waitingForKeyframe && unit.keyframe()
          && unit.track() == Track.VIDEO) {
        enqueue(audioBefore.retainedDuplicate());
      }
      if (!closed && admit(unit, streamHasVideo)) {
        if (queuedUnits + 1 > limits.maxUnits() || queuedBytes + unit.content().readableBytes() > limits.maxBytes()) {
          dropBacklog();
          waitingForKeyframe = true;
          lostItsPlace = true;
          // the unit that overflowed may itself be a keyframe: start again from it
          if (!admit(unit, streamHasVideo)) {
            droppedUnits.incrementAndGet();
            unit.release();
            return;
          }
        }
        enqueue(unit);
        return;
      }
      if (!closed && lostItsPlace) {
        droppedUnits.incrementAndGet();
      }
    }
    unit.release();
  }

  private void enqueue(MediaUnit unit) {
    queue.add(unit);
    queuedUnits++;
    queuedBytes += unit.content().readableBytes();
    scheduleDrain();
  }

  /** Whether {@code unit} may enter the queue given the keyframe gate; opens the gate on a keyframe. */
  private boolean admit(MediaUnit unit, boolean streamHasVideo) {
    if (!waitingForKeyframe) {
      return true;
    }
    boolean randomAccess = unit.keyframe() && (unit.track() == Track.VIDEO || !streamHasVideo);
    if (randomAccess) {
      waitingForKeyframe = false;
      lostItsPlace = false;
      started = true;
    }
    return randomAccess || (audioBeforeFirstKeyframe && !started && unit.track() != Track.VIDEO);
  }

  synchronized void signalRestart() {
    if (closed) {
      return;
    }
    waitingForKeyframe = true;
    queue.add(RESTART);
    scheduleDrain();
  }

  /** The stream ended: the listener hears {@link StreamListener#onStreamEnd()} after what is queued. */
  synchronized void signalEnd() {
    if (closed) {
      return;
    }
    queue.add(END);
    scheduleDrain();
  }

  private void dropBacklog() {
    releaseBacklog(true);
  }

  private void releaseBacklog(boolean countAsDropped) {
    for (Object item; (item = queue.pollFirst()) != null; ) {
      if (item instanceof MediaUnit queued) {
        if (countAsDropped) {
          droppedUnits.incrementAndGet();
        }
        queued.release();
      }
    }
    queuedUnits = 0;
    queuedBytes = 0;
  }

  private void scheduleDrain() {
    if (!drainScheduled && !paused) {
      drainScheduled = true;
      try {
        executor.execute(this::drain);
      } catch (RejectedExecutionException shutDown) {
        // the reader's thread is gone (its server or Vert.x is closing): it will never read, so it leaves now
        // rather than let the source see the exception
        drainScheduled = false;
        closed = true;
        releaseBacklog(false);
        onClose.run();
      }
    }
  }

  /**
   * Stops handing units to the listener until {@link #resume()}; call on the reader's executor. Meanwhile the
   * queue fills up to its {@link ReaderLimits} and then behaves as for any slow reader.
   */
  public void pause() {
    paused = true;
  }

  /** Hands queued units to the listener again. */
  public void resume() {
    synchronized (this) {
      paused = false;
      if (!queue.isEmpty() && !closed) {
        scheduleDrain();
      }
    }
  }

  private void drain() {
    try {
      drainBatch();
    } finally {
      listener.onDrained();
    }
  }

  private void drainBatch() {
    for (int i = 0; i < DRAIN_BATCH; i++) {
      Object item;
      synchronized (this) {
        item = paused ? null : queue.pollFirst();
        if (item == null) {
          drainScheduled = false;
          return;
        }
        if (item instanceof MediaUnit unit) {
          queuedUnits--;
          queuedBytes -= unit.content().readableBytes();
        }
      }
      deliver(item);
    }
    synchronized (this) {
      drainScheduled = false;
      if (!queue.isEmpty() && !paused) {
        scheduleDrain();
      }
    }
  }

  private void deliver(Object item) {
    if (item instanceof MediaUnit unit) {
      deliveredUnits.incrementAndGet();
      listener.onUnit(unit);
    } else if (item == RESTART) {
      listener.onSourceRestart();
    } else if (item == END) {
      listener.onStreamEnd();
      close();
    }
  }

  /** Detaches from the stream and releases whatever is still queued. Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      releaseBacklog(false);
    }
    onClose.run();
  }

  @Override
  public String toString() {
    return "StreamReader[" + name + " delivered=" + deliveredUnits + " dropped=" + droppedUnits + "]";
  }
}
