package dev.edgerelay.relay.snapshot;

import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.index.PictureRecord;
import dev.edgerelay.recorder.index.RecordingIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's pictures (spec 5.1-5.5): files under {@code {root}/{device_id}/{channel_id}/{name}.{format}} and
 * their metadata in the index's {@code pictures} family. Names are unique per device-channel, as on the
 * platform. Pictures have their own quota, apart from the recordings' (a snapshot every few seconds must
 * not push recordings out, nor the reverse): past it the oldest pictures of any channel go first.
 *
 * <p>Every method blocks (disk, RocksDB): call from a worker. Mutations are serialised on this object,
 * because a name check reads before the write.
 */
public final class PictureStore {
  private static final Logger LOG = LoggerFactory.getLogger(PictureStore.class);
  /** Pictures one device-channel keeps, the emulator's bound; a name lookup scans at most this many keys. */
  public static final int MAX_PICTURES_PER_CHANNEL = 1_000;

  /** Why an upload was refused. */
  public enum Refusal { NAME_TAKEN, CHANNEL_FULL }

  /** Thrown by {@link #add} when the picture may not be stored; no stack trace, it is an answer. */
  public static final class RefusedException extends RuntimeException {
    private final Refusal refusal;

    RefusedException(Refusal refusal, String message) {
      super(message, null, false, false);
      this.refusal = refusal;
    }

    public Refusal refusal() {
      return refusal;
    }
  }

  private final RecordingIndex index;
  private final Path root;
  private final long quotaBytes;
  private final AtomicLong usedBytes = new AtomicLong();

  private PictureStore(RecordingIndex index, Path root, long quotaBytes) {
    this.index = index;
    this.root = root;
    this.quotaBytes = quotaBytes;
  }

  /** Opens the store over {@code index}, summing what the pictures use; {@code quotaBytes} 0 means none. */
  public static PictureStore open(RecordingIndex index, Path root, long quotaBytes) throws IOException {
    Files.createDirectories(root);
    PictureStore store = new PictureStore(index, root, quotaBytes);
    index.forEachPicture(p -> store.usedBytes.addAndGet(p.sizeBytes()));
    return store;
  }

  /**
   * Stores a picture taken at {@code takenMillis} (moved on by a millisecond while another picture of the
   * channel holds that instant, so keys stay unique). The file is complete before the index names it.
   */
  public synchronized PictureRecord add(ChannelRef channel, String name, String format, String desc, byte[] image,
      boolean upload, long takenMillis) throws IOException, RocksDBException {
    List<PictureRecord> existing = index.pictures(channel, 0, Long.MAX_VALUE);
    Set<Long> taken = new HashSet<>();
    for (PictureRecord p : existing) {
      if (p.name().equals(name)) {
        throw new RefusedException(Refusal.NAME_TAKEN, "a picture named '" + name + "' already exists on " + channel
            + ": choose another name or delete it first");
      }
      taken.add(p.takenMillis());
    }
    if (existing.size() >= MAX_PICTURES_PER_CHANNEL) {
      throw new RefusedException(Refusal.CHANNEL_FULL, channel + " keeps at most " + MAX_PICTURES_PER_CHANNEL
          + " pictures: delete some first");
    }
    long at = takenMillis;
    while (taken.contains(at)) {
      at++;
    }
    PictureRecord picture = new PictureRecord(channel, at, name, format, desc, image.length, upload);
    Path file = file(picture);
    Files.createDirectories(file.getParent());
    Path part = file.resolveSibling(file.getFileName() + ".part");
    Files.write(part, image);
    Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    index.putPicture(picture);
    usedBytes.addAndGet(image.length);
    return picture;
  }

  /** Pictures of {@code channel} taken in {@code [fromMillis, toMillis)}, oldest first. */
  public List<PictureRecord> list(ChannelRef channel, long fromMillis, long toMillis) {
    return index.pictures(channel, fromMillis, toMillis);
  }

  public Optional<PictureRecord> find(ChannelRef channel, String name) {
    return index.pictures(channel, 0, Long.MAX_VALUE).stream().filter(p -> p.name().equals(name)).findFirst();
  }

  public byte[] read(PictureRecord picture) throws IOException {
    return Files.readAllBytes(file(picture));
  }

  /** Deletes the picture named {@code name}; false when there is none. The index entry goes first. */
  public synchronized boolean delete(ChannelRef channel, String name) throws IOException, RocksDBException {
    Optional<PictureRecord> picture = find(channel, name);
    if (picture.isEmpty()) {
      return false;
    }
    remove(picture.get());
    return true;
  }

  private void remove(PictureRecord picture) throws IOException, RocksDBException {
    index.removePicture(picture);
    Files.deleteIfExists(file(picture));
    usedBytes.addAndGet(-picture.sizeBytes());
  }

  /** True when the pictures use more than their quota. */
  public boolean overQuota() {
    return quotaBytes > 0 && usedBytes.get() > quotaBytes;
  }

  /**
   * Retention of pictures: deletes the oldest pictures of any channel while over the quota, keeping the files
   * in {@code keep} (waiting for upload; they go once sent); returns how many were deleted.
   */
  public synchronized int enforceQuota(Set<Path> keep) throws IOException, RocksDBException {
    if (!overQuota()) {
      return 0;
    }
    List<PictureRecord> all = new ArrayList<>();
    index.forEachPicture(all::add);
    all.sort(Comparator.comparingLong(PictureRecord::takenMillis));
    int deleted = 0;
    for (PictureRecord p : all) {
      if (!overQuota()) {
        break;
      }
      if (keep.contains(file(p))) {
        continue;
      }
      remove(p);
      deleted++;
    }
    LOG.info("picture quota of {} bytes: deleted the {} oldest pictures", quotaBytes, deleted);
    return deleted;
  }

  /** Bytes the stored pictures use. */
  public long usedBytes() {
    return usedBytes.get();
  }

  public Path file(PictureRecord p) {
    return root.resolve(p.channel().deviceId()).resolve(Integer.toString(p.channel().channelId()))
        .resolve(p.name() + "." + p.format());
  }
}
