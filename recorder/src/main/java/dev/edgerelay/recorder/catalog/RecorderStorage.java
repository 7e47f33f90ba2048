package dev.edgerelay.recorder.catalog;

import dev.edgerelay.recorder.picture.PictureStore;
import dev.edgerelay.recorder.state.NodeState;
import dev.edgerelay.recorder.store.SegmentStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rocksdb.RocksDBException;

/**
 * Everything the recorder keeps under the data directory, opened together: the node state
 * ({@code {data}/state}: outbox and recording intents, never rebuilt), the segment files ({@code {data}/recordings})
 * and their derived index ({@code {data}/index}), which also indexes the pictures. docs/architecture.md gives the
 * layout. Blocking: open and close on a worker.
 */
public final class RecorderStorage implements AutoCloseable {
  private final NodeState state;
  private final SegmentStore store;
  private final RecordingCatalog catalog;

  private RecorderStorage(NodeState state, SegmentStore store) {
    this.state = state;
    this.store = store;
    this.catalog = new RecordingCatalog(store);
  }

  /** Opens the state (moving it out of an old index first), then the index, reconciled with the files. */
  public static RecorderStorage open(Path dataDir, long videoGapMillis) throws IOException, RocksDBException {
    NodeState state = NodeState.open(dataDir);
    try {
      SegmentStore store = SegmentStore.open(dataDir, videoGapMillis);
      try {
        Files.createDirectories(store.files().root());
        store.reconcile();
        return new RecorderStorage(state, store);
      } catch (IOException | RocksDBException | RuntimeException e) {
        store.close();
        throw e;
      }
    } catch (IOException | RocksDBException | RuntimeException e) {
      state.close();
      throw e;
    }
  }

  /**
   * {@code edge-relay rebuild-index}: the state is moved out of the old index when it still opens, then the index
   * is thrown away and built again from the files; the state itself is never touched.
   */
  public static RecorderStorage rebuild(Path dataDir, long videoGapMillis) throws IOException, RocksDBException {
    NodeState state = NodeState.openForRebuild(dataDir);
    try {
      return new RecorderStorage(state, SegmentStore.rebuild(dataDir, videoGapMillis));
    } catch (IOException | RocksDBException | RuntimeException e) {
      state.close();
      throw e;
    }
  }

  /** The pictures under {@code root}, indexed in this index and reconciled with their files. */
  public PictureStore openPictures(Path root, long quotaBytes) throws IOException, RocksDBException {
    return PictureStore.open(store.index().pictures(), root, quotaBytes);
  }

  public NodeState state() {
    return state;
  }

  public SegmentStore store() {
    return store;
  }

  public RecordingCatalog catalog() {
    return catalog;
  }

  /** The index first, the state last: the opposite of opening. */
  @Override
  public void close() {
    store.close();
    state.close();
  }
}
