package dev.edgerelay.media.ts;

import io.netty.buffer.ByteBuf;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Hands one muxer's segments to its own sink and to zero or more {@link PartListener}s, so a channel is muxed
 * once however many consumers take its TS: each listener gets a retained duplicate of every chunk (same bytes,
 * its own indices and reference) and releases it. A listener joins at the next part's start, never mid-part,
 * and a listener that throws is detached without disturbing the others. Not thread-safe: the muxer's thread.
 */
public final class SegmentTee {
  private final List<PartListener> listeners = new ArrayList<>();
  /** The listeners that heard the open part's start: they get its bytes and its end. */
  private final List<PartListener> inPart = new ArrayList<>();
  /** Listeners that leave once the open part ends ({@link #removeAtPartEnd}), with what runs after they left. */
  private final Map<PartListener, Runnable> leaving = new LinkedHashMap<>();
  private boolean discontinuityNext;

  /** {@code listener} hears parts from the next one's start on. */
  public void add(PartListener listener) {
    listeners.add(listener);
  }

  /** True while {@code listener} is taking the open part. */
  public boolean inPart(PartListener listener) {
    return inPart.contains(listener);
  }

  /** True while {@code listener} hears parts: it takes the open one or will take the next. */
  public boolean attached(PartListener listener) {
    return listeners.contains(listener) || inPart.contains(listener);
  }

  /** Stops telling {@code listener} anything. */
  public void remove(PartListener listener) {
    listeners.remove(listener);
    inPart.remove(listener);
    leaving.remove(listener);
  }

  /**
   * {@code listener} takes no part after the open one: it gets that part's bytes and end, then is told {@link
   * PartListener#detached} with no tail, then {@code left} runs. When it takes no part now, both happen at once.
   * False when it was not attached.
   */
  public boolean removeAtPartEnd(PartListener listener, Runnable left) {
    if (!attached(listener)) {
      return false;
    }
    listeners.remove(listener);
    if (inPart.contains(listener)) {
      leaving.put(listener, left);
    } else {
      call(listener, () -> listener.detached(null));
      left.run();
    }
    return true;
  }

  /** After the open part's end (or its abort): the listeners waiting for it leave. */
  private void leaveAfterPart() {
    if (leaving.isEmpty()) {
      return;
    }
    Map<PartListener, Runnable> left = new LinkedHashMap<>(leaving);
    leaving.clear();
    left.forEach((l, then) -> {
      call(l, () -> l.detached(null));
      then.run();
    });
  }

  /** The next part is a discontinuity although its segmenter does not know it (it is a new program's first). */
  public void markDiscontinuity() {
    discontinuityNext = true;
  }

  /**
   * The open part's bytes as the first listener taking it that lends them ({@link PartListener#lendOpenPart}), or
   * null: the sink asks from its {@code open}, which runs after the listeners heard the part's start.
   */
  public CompletionStage<Long> lendOpenPart(Path link) {
    for (PartListener l : List.copyOf(inPart)) {
      CompletionStage<Long> lent;
      try {
        lent = l.lendOpenPart(link);
      } catch (RuntimeException e) {
        remove(l);
        l.failed(e);
        continue;
      }
      if (lent != null) {
        return lent;
      }
    }
    return null;
  }

  /** The stream ended: every listener is told, then let go. */
  public void ended() {
    leaveAfterPart();
    List<PartListener> all = new ArrayList<>(listeners);
    listeners.clear();
    inPart.clear();
    all.forEach(PartListener::ended);
  }

  /** A sink that feeds {@code own} (the muxer's window) and this tee's listeners. */
  public SegmentSink around(SegmentSink own) {
    return new SegmentSink() {
      @Override
      public void open(long sequence) {
        open(new PartStart(sequence, 0, false, false)); // told no start: not one to open a file at
      }

      @Override
      public void open(PartStart start) {
        PartStart told = discontinuityNext ? start.withDiscontinuity() : start;
        discontinuityNext = false;
        inPart.clear();
        inPart.addAll(listeners);
        for (PartListener l : List.copyOf(inPart)) {
          call(l, () -> l.open(told));
        }
        own.open(told); // after the listeners: it may ask them to lend the part (lendOpenPart)
      }

      @Override
      public void write(ByteBuf chunk) {
        for (PartListener l : List.copyOf(inPart)) {
          ByteBuf copy = chunk.retainedDuplicate(); // the listener's reference; it releases it
          call(l, () -> l.write(copy));
        }
        own.write(chunk);
      }

      @Override
      public void close(SegmentInfo info) {
        close(info, 0);
      }

      @Override
      public void close(SegmentInfo info, long units) {
        own.close(info, units);
        for (PartListener l : List.copyOf(inPart)) {
          call(l, () -> l.close(info, units));
        }
        inPart.clear();
        leaveAfterPart();
      }

      @Override
      public void abort() {
        own.abort();
        for (PartListener l : List.copyOf(inPart)) {
          call(l, l::abort);
        }
        inPart.clear();
        leaveAfterPart();
      }
    };
  }

  private void call(PartListener listener, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      remove(listener);
      listener.failed(e);
    }
  }
}
