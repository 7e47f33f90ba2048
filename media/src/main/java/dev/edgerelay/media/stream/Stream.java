package dev.edgerelay.media.stream;

import dev.edgerelay.media.CodecConfig;
import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.media.Track;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * One live stream: one source, any number of readers, and the one fan-out of live media in the node
 * (docs/threading.md). The source calls {@link #publish} on its own thread; each reader gets its own
 * reference to every unit through its bounded {@link StreamReader} queue, so a slow reader costs only
 * itself and the source never waits. The stream keeps the current GOP ({@link GopLimits}): a reader may
 * start from it, and its keyframe is the latest one for thumbnails.
 *
 * <p>One lock orders publishing against readers joining from the cache; it is held for queue appends only,
 * never for I/O, and is uncontended except while a reader joins.
 */
public final class Stream {
  private final String name;
  private final List<StreamReader> readers = new CopyOnWriteArrayList<>();
  /** Told when a reader leaves, so the owner can restart an idle clock from that moment. */
  private final Consumer<Stream> onReadersChanged;
  private final GopCache gop;
  private volatile boolean hasVideo;
  private volatile CodecConfig videoConfig;
  private volatile CodecConfig audioConfig;
  private volatile long lastUnitAtMillis;
  private volatile long unitsIn;
  private volatile long videoUnitsIn;
  private volatile long bytesIn;
  private volatile long restarts;
  /** Units dropped by readers that have left (guarded by this): the stream's drops stay counted after they go. */
  private long droppedByGoneReaders;
  private volatile boolean ended;
  /** The last audio unit published (guarded by this): what a reader starting at the next keyframe gets first. */
  private MediaUnit lastAudio;
  private final GopLimits gopLimits;
  /** A reader asked to start from the cached GOP (guarded by this): the cache keeps whole GOPs from now on. */
  private boolean gopAsked;

  /**
   * @param name names the stream in logs and errors ({@code dev-ch})
   * @param onReadersChanged called after a reader leaves, on the thread that closed it
   */
  public Stream(String name, GopLimits gopLimits, Consumer<Stream> onReadersChanged) {
    this.name = name;
    this.gop = new GopCache(gopLimits);
    this.gopLimits = gopLimits;
    this.onReadersChanged = onReadersChanged;
  }

  public String name() {
    return name;
  }

  /**
   * Attaches a reader starting at the next keyframe; its listener runs on {@code executor} (a Vert.x
   * context's {@code runOnContext}, a Netty event loop, or {@code Runnable::run} for tests).
   */
  public StreamReader addReader(String name, ReaderLimits limits, Executor executor, StreamListener listener) {
    return addReader(name, ReaderStart.NEXT_KEYFRAME, limits, executor, listener);
  }

  /** Attaches a reader starting where {@code start} says. */
  public StreamReader addReader(String name, ReaderStart start, ReaderLimits limits, Executor executor,
      StreamListener listener) {
    StreamReader reader = new StreamReader(name, start, limits, executor, listener);
    reader.onClose(() -> {
      synchronized (this) { // one step with the removal, so droppedUnits() never counts a reader twice or not at all
        droppedByGoneReaders += reader.droppedUnits();
        readers.remove(reader);
      }
      onReadersChanged.accept(this);
    });
    synchronized (this) {
      if (ended) {
        reader.signalEnd();
        return reader;
      }
      if (start == ReaderStart.CACHED_GOP) {
        gopAsked = true;
        for (MediaUnit cached : gop.gop()) {
          reader.offer(cached.retainedDuplicate(), hasVideo);
        }
      }
      readers.add(reader);
    }
    return reader;
  }

  public int readerCount() {
    return readers.size();
  }

  public List<StreamReader> readers() {
    return List.copyOf(readers);
  }

  /** Called by the source, one unit at a time; takes ownership of {@code unit}. */
  public void publish(MediaUnit unit) {
    if (ended) {
      unit.release();
      return;
    }
    lastUnitAtMillis = unit.receivedAtMillis();
    unitsIn++;
    bytesIn += unit.content().readableBytes();
    boolean video = unit.track() == Track.VIDEO;
    if (video) {
      hasVideo = true;
      videoUnitsIn++;
      videoConfig = unit.config();
    } else {
      audioConfig = unit.config();
    }
    // without video every audio unit is a place to start
    boolean randomAccess = unit.keyframe() && (video || !hasVideo);
    try {
      synchronized (this) {
        if (ended) {
          return;
        }
        gop.add(unit, randomAccess);
        if (randomAccess && gopLimits.onceAsked() && !gopAsked) {
          gop.breakAfterKeyframe(); // only the keyframe until a reader asks for GOPs (GopLimits.onceAsked)
        }
        for (StreamReader reader : readers) {
          reader.offer(unit.retainedDuplicate(), hasVideo, lastAudio);
        }
        if (!video) {
          keepLastAudio(unit);
        }
      }
    } finally {
      unit.release();
    }
  }

  /**
   * Keeps {@code audio} for readers that start at the next keyframe: a segmenter then knows at that keyframe
   * that the stream carries audio, as the source had sent it by then, and announces it in its first program.
   */
  private void keepLastAudio(MediaUnit audio) {
    if (lastAudio != null) {
      lastAudio.release();
    }
    lastAudio = audio.retain();
  }

  private void dropLastAudio() {
    if (lastAudio != null) {
      lastAudio.release();
      lastAudio = null;
    }
  }

  /** The latest video keyframe with its configuration, or null; the caller owns the returned reference. */
  public synchronized MediaUnit latestKeyframe() {
    MediaUnit keyframe = gop.keyframe();
    return keyframe == null || keyframe.track() != Track.VIDEO ? null : keyframe.retainedDuplicate();
  }

  /**
   * The source reconnected: readers resume at the next keyframe and hear about the jump; readers joining
   * from the cache wait for the new source's first keyframe too.
   */
  public void sourceRestarted() {
    restarts++;
    synchronized (this) {
      gop.breakAfterKeyframe();
      dropLastAudio(); // the new connection's audio, if any, comes after its first keyframe
    }
    for (StreamReader reader : readers) {
      reader.signalRestart();
    }
  }

  /**
   * The source skipped media without restarting (a stall): readers joining from the cache wait for the next
   * keyframe rather than start on units that then jump forward in time; current readers go on.
   */
  public void sourceGap() {
    synchronized (this) {
      gop.breakAfterKeyframe();
    }
  }

  /** Ends the stream: readers are told, the cache is released. Idempotent. */
  public void end() {
    synchronized (this) {
      if (ended) {
        return;
      }
      ended = true;
      gop.clear();
      dropLastAudio();
    }
    for (StreamReader reader : readers) {
      reader.signalEnd();
    }
  }

  public boolean ended() {
    return ended;
  }

  public boolean hasVideo() {
    return hasVideo;
  }

  /** The latest video configuration published: the source's present, for reports, not for segmenting. */
  public CodecConfig videoConfig() {
    return videoConfig;
  }

  /** The latest audio configuration published: the source's present, for reports, not for segmenting. */
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

  /** Video units (frames) published so far: a frame rate over time for reports. */
  public long videoUnitsIn() {
    return videoUnitsIn;
  }

  public long bytesIn() {
    return bytesIn;
  }

  public long restarts() {
    return restarts;
  }

  /** Units dropped by every reader the stream has had, those that left included: it only grows. */
  public synchronized long droppedUnits() {
    return droppedByGoneReaders + readers.stream().mapToLong(StreamReader::droppedUnits).sum();
  }

  @Override
  public String toString() {
    return "Stream[" + name + " readers=" + readers.size() + " units=" + unitsIn + "]";
  }
}
