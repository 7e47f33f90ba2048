package dev.edgerelay.recorder.retention;

import dev.edgerelay.recorder.index.SegmentRecord;

/**
 * Segments retention must keep while it can: those still waiting in the upload outbox (the outbox
 * implements this over its stored items). Retention deletes a pinned segment only when the
 * disk would otherwise fill, and counts and logs each such loss.
 */
@FunctionalInterface
public interface PinnedSegments {
  PinnedSegments NONE = s -> false;

  boolean isPinned(SegmentRecord segment);
}
