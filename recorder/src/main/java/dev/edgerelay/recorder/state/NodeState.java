package dev.edgerelay.recorder.state;

import dev.edgerelay.recorder.index.RocksFamilies;
import java.nio.file.Path;
import java.util.List;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the node promised and cannot rebuild from its files: the upload {@link OutboxTable outbox}, the
 * {@link RecordingIntents recording intents} and how far uploads followed each channel ({@link UploadMarks}). A RocksDB of its own, {@code {data}/state}, beside the derived
 * index ({@code {data}/index}), so {@code edge-relay rebuild-index} can throw the whole index away, and a
 * damaged index loses nothing promised. An index written before this split holds both; the first open moves
 * them here ({@link LegacyIndexState}). Blocking: open and use from a worker.
 */
public final class NodeState implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeState.class);
  /** The state's directory under the data directory. */
  public static final String DIR = "state";
  /** The derived index's directory under the data directory, read once to move an old layout's state out. */
  public static final String INDEX_DIR = "index";
  static final String OUTBOX = "outbox";
  static final String INTENTS = "intents";
  static final String UPLOAD_MARKS = "upload_marks";

  private final RocksFamilies rocks;
  private final OutboxTable outbox;
  private final RecordingIntents intents;
  private final UploadMarks uploadMarks;

  private NodeState(RocksFamilies rocks) {
    this.rocks = rocks;
    this.outbox = new OutboxTable(rocks.db(), rocks.family(OUTBOX), rocks.writeOptions());
    this.intents = new RecordingIntents(rocks.db(), rocks.family(INTENTS), rocks.writeOptions());
    this.uploadMarks = new UploadMarks(rocks.db(), rocks.family(UPLOAD_MARKS), rocks.writeOptions());
  }

  /** Opens (creating if needed) {@code {dataDir}/state}, first moving in what an old index holds of it. */
  public static NodeState open(Path dataDir) throws RocksDBException {
    return open(dataDir, false);
  }

  /**
   * As {@link #open}, for {@code rebuild-index}: an old index that does not open (the reason to rebuild) cannot
   * give up its outbox; that loss is logged and the rebuild goes on.
   */
  public static NodeState openForRebuild(Path dataDir) throws RocksDBException {
    return open(dataDir, true);
  }

  private static NodeState open(Path dataDir, boolean rebuilding) throws RocksDBException {
    NodeState state = new NodeState(RocksFamilies.open(dataDir.resolve(DIR), List.of(OUTBOX, INTENTS, UPLOAD_MARKS)));
    try {
      LegacyIndexState.moveInto(dataDir.resolve(INDEX_DIR), state);
    } catch (RocksDBException | RuntimeException e) {
      if (!rebuilding) {
        state.close();
        throw e;
      }
      LOG.warn("rebuild-index: the old index does not open ({}); the upload outbox and recording intents it held"
          + " are lost", e.getMessage());
    }
    return state;
  }

  public OutboxTable outbox() {
    return outbox;
  }

  public RecordingIntents intents() {
    return intents;
  }

  public UploadMarks uploadMarks() {
    return uploadMarks;
  }

  RocksFamilies rocks() {
    return rocks;
  }

  @Override
  public void close() {
    rocks.close();
  }
}
