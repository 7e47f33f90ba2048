package dev.edgerelay.recorder.testing;

import dev.edgerelay.recorder.index.SegmentRecord;
import dev.edgerelay.recorder.store.SegmentFileSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A sink listener that keeps what it is told, from any thread: the segments committed and the failures. */
public final class CollectingListener implements SegmentFileSink.Listener {
  public final List<SegmentRecord> committed = new CopyOnWriteArrayList<>();
  public final List<String> failures = new CopyOnWriteArrayList<>();

  @Override
  public void committed(SegmentRecord segment) {
    committed.add(segment);
  }

  @Override
  public void failed(String reason) {
    failures.add(reason);
  }
}
