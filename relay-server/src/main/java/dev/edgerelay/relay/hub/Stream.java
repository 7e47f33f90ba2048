package dev.edgerelay.relay.hub;

import dev.edgerelay.media.CodecConfig;
import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.media.Track;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * One device-channel's live media: one source, any number of readers (ARCHITECTURE.md, data flow).
 * The source calls {@link #publish} on its own event loop; each reader gets its own reference to
 * every unit through its bounded queue, so a slow reader costs only itself. The stream keeps the
 * latest video keyframe (for thumbnails) and the codec configurations in force.
 */
public final class Stream {
  private final StreamKey key;
  private final List<StreamReader> readers = new CopyOnWriteArrayList<>();
  /** Told when a reader leaves, so the hub restarts the idle clock from that moment. */
  private final Consumer<Stream> onReadersChanged;
  private volatile boolean hasVideo;
  private volatile CodecConfig videoConfig;
  private volatile CodecConfig audioConfig;
  private volatile long lastUnitAtMillis;
  private volatile long unitsIn;
  private volatile long bytesIn;
  private volatile long restarts;
  private volatile boolean ended;
  private MediaUnit latestKeyframe;

  Stream(StreamKey key, Consumer<Stream> onReadersChanged) {
    this.key = key;
    this.onReadersChanged = onReadersChanged;
  }

  public StreamKey key() {
    return key;
  }

  /**
   * Attaches a reader. It starts at the next keyframe; its listener runs on {@code executor}
   * (a Vert.x context's {@code runOnContext}, a worker, or {@code Runnable::run} for tests).
   */
  public StreamReader addReader(String name, ReaderLimits limits, Executor executor, StreamListener listener) {
    StreamReader reader = new StreamReader(name, limits, executor, listener);
    reader.onClose(() -> {
      readers.remove(reader);
      onReadersChanged.accept(this);
    });
    if (ended) {
      reader.signalEnd();
      return reader;
    }
    readers.add(reader);
    return reader;
  }

  public int readerCount() {
    return readers.size();
  }

  public List<StreamReader> readers() {
    return List.copyOf(readers);
  }

  /** Called by the source; takes ownership of {@code unit}. */
  public void publish(MediaUnit unit) {
    if (ended) {
      unit.release();
      return;
    }
    lastUnitAtMillis = unit.receivedAtMillis();
    unitsIn++;
    bytesIn += unit.content().readableBytes();
    if (unit.track() == Track.VIDEO) {
      hasVideo = true;
      videoConfig = unit.config();
      if (unit.keyframe()) {
        keepKeyframe(unit);
      }
    } else {
      audioConfig = unit.config();
    }
    try {
      for (StreamReader reader : readers) {
        reader.offer(unit.retainedDuplicate(), hasVideo);
      }
    } finally {
      unit.release();
    }
  }

  private synchronized void keepKeyframe(MediaUnit unit) {
    if (latestKeyframe != null) {
      latestKeyframe.release();
    }
    latestKeyframe = unit.retainedDuplicate();
  }

  /** The latest video keyframe with its configuration, or null; the caller owns the returned reference. */
  public synchronized MediaUnit latestKeyframe() {
    return latestKeyframe == null ? null : latestKeyframe.retainedDuplicate();
  }

  /** The source reconnected: readers resume at the next keyframe and hear about the jump. */
  public void sourceRestarted() {
    restarts++;
    for (StreamReader reader : readers) {
      reader.signalRestart();
    }
  }

  /** Ends the stream: readers are told, the kept keyframe is released. Idempotent. */
  public void end() {
    if (ended) {
      return;
    }
    ended = true;
    for (StreamReader reader : readers) {
      reader.signalEnd();
    }
    synchronized (this) {
      if (latestKeyframe != null) {
        latestKeyframe.release();
        latestKeyframe = null;
      }
    }
  }

  public boolean ended() {
    return ended;
  }

  public boolean hasVideo() {
    return hasVideo;
  }

  public CodecConfig videoConfig() {
    return videoConfig;
  }

  public CodecConfig audioConfig() {
    return audioConfig;
  }

  /** Wall-clock time of the last unit received, 0 before the first: the pull watchdog reads this. */
  public long lastUnitAtMillis() {
    return lastUnitAtMillis;
  }

  public long unitsIn() {
    return unitsIn;
  }

  public long bytesIn() {
    return bytesIn;
  }

  public long restarts() {
    return restarts;
  }

  /** Units dropped by all current readers together. */
  public long droppedUnits() {
    return readers.stream().mapToLong(StreamReader::droppedUnits).sum();
  }

  @Override
  public String toString() {
    return "Stream[" + key + " readers=" + readers.size() + " units=" + unitsIn + "]";
  }
}
