package dev.edgerelay.media.stream;

import dev.edgerelay.media.MediaUnit;
import java.util.ArrayDeque;

/**
 * The units since the last random-access unit: the stream's one keyframe cache. Holds a reference to
 * each unit it keeps (no copy). Guarded by its {@link Stream}'s lock.
 */
final class GopCache {
  private final GopLimits limits;
  private final ArrayDeque<MediaUnit> units = new ArrayDeque<>();
  private long bytes;
  /** The units after the keyframe were given up (over a limit, a source restart): only the keyframe is kept. */
  private boolean broken;

  GopCache(GopLimits limits) {
    this.limits = limits;
  }

  /** Adds a published unit; {@code randomAccess} starts a new GOP. Retains what it keeps. */
  void add(MediaUnit unit, boolean randomAccess) {
    if (randomAccess) {
      clear();
    } else if (units.isEmpty() || broken) {
      return;
    }
    int size = unit.content().readableBytes();
    if (!randomAccess && (units.size() + 1 > limits.maxUnits() || bytes + size > limits.maxBytes())) {
      breakAfterKeyframe();
      return;
    }
    units.add(unit.retain());
    bytes += size;
  }

  /** The source jumped: what follows the keyframe will not continue it, so only the keyframe stays. */
  void breakAfterKeyframe() {
    MediaUnit keyframe = units.pollFirst();
    releaseAll();
    if (keyframe != null) {
      units.add(keyframe);
      bytes = keyframe.content().readableBytes();
    }
    broken = true;
  }

  /** The cached keyframe, not retained, or null. */
  MediaUnit keyframe() {
    return units.peekFirst();
  }

  /** The whole GOP in order, not retained; empty when it is broken. */
  Iterable<MediaUnit> gop() {
    return broken ? java.util.List.of() : units;
  }

  void clear() {
    releaseAll();
    broken = false;
  }

  private void releaseAll() {
    for (MediaUnit u; (u = units.pollFirst()) != null; ) {
      u.release();
    }
    bytes = 0;
  }
}
