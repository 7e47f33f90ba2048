package dev.edgerelay.recorder.picture;

import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.Page;
import dev.edgerelay.recorder.index.PictureRecord;
import dev.edgerelay.recorder.index.PictureTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's pictures (spec 5.1-5.5): files under {@code {root}/{device_id}/{channel_id}/{name}.{format}},
 * their metadata beside them ({@link PictureSidecars}) and in the index's {@code pictures} family
 * ({@link PictureTable}), which {@link #reconcile()} rebuilds from the files alone (on open, and so by {@code edge-relay rebuild-index}).
 * Names are unique per device-channel, as on the platform. Pictures have their own quota, apart from the
 * recordings' (a snapshot every few seconds must not push recordings out, nor the reverse): past it the oldest
 * pictures of any channel go first; an optional age limit deletes older ones.
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

    public RefusedException(Refusal refusal, String message) {
      super(message, null, false, false);
      this.refusal = refusal;
    }

    public Refusal refusal() {
      return refusal;
    }
  }

  /** What {@link #reconcile()} changed. */
  public record Reconciliation(int droppedEntries, int indexedPictures, int sidecarsWritten, int sidecarsDropped) {}

  private final PictureTable table;
  private final Path root;
  private final PictureSidecars sidecars;
  private final long quotaBytes;
  private final AtomicLong usedBytes = new AtomicLong();

  private PictureStore(PictureTable table, Path root, long quotaBytes) {
    this.table = table;
    this.root = root;
    this.sidecars = new PictureSidecars(root);
    this.quotaBytes = quotaBytes;
  }

  /**
   * Opens the store over {@code table}, reconciled with the files, summing what the pictures use;
   * {@code quotaBytes} 0 means none.
   */
  public static PictureStore open(PictureTable table, Path root, long quotaBytes)
      throws IOException, RocksDBException {
    Files.createDirectories(root);
    PictureStore store = new PictureStore(table, root, quotaBytes);
    store.reconcile();
    table.forEach(p -> store.usedBytes.addAndGet(p.sizeBytes()));
    return store;
  }

  /**
   * Makes the pictures family agree with the files (as the segment store does for recordings): entries whose
   * image is gone are dropped, sidecars are written for entries without one (pictures stored before sidecars
   * existed), pictures known only by their sidecar are indexed, and an image with neither is indexed under its
   * file name, taken at its modification time, not marked for upload.
   */
  public synchronized Reconciliation reconcile() throws IOException, RocksDBException {
    int dropped = 0;
    int indexed = 0;
    int written = 0;
    int orphans = 0;
    List<PictureRecord> entries = new ArrayList<>();
    table.forEach(entries::add);
    Map<ChannelRef, Set<String>> names = new HashMap<>();
    Map<ChannelRef, Set<Long>> instants = new HashMap<>();
    for (PictureRecord p : entries) {
      if (!Files.exists(file(p))) {
        sidecars.delete(p);
        table.remove(p);
        dropped++;
        continue;
      }
      known(names, instants, p);
      if (!Files.exists(sidecars.file(p.channel(), p.name()))) {
        sidecars.write(p);
        written++;
      }
    }
    for (PictureRecord p : sidecars.readAll()) {
      if (names.getOrDefault(p.channel(), Set.of()).contains(p.name())) {
        continue;
      }
      if (!Files.exists(file(p))) {
        sidecars.delete(p); // its image was deleted first: the deletion was under way
        orphans++;
        continue;
      }
      PictureRecord placed = at(p, freeInstant(instants, p.channel(), p.takenMillis()));
      table.put(placed);
      known(names, instants, placed);
      indexed++;
    }
    for (Path image : sidecars.images()) {
      PictureRecord p = fromImageFile(image);
      if (p == null || names.getOrDefault(p.channel(), Set.of()).contains(p.name())) {
        continue;
      }
      PictureRecord placed = at(p, freeInstant(instants, p.channel(), p.takenMillis()));
      sidecars.write(placed);
      table.put(placed);
      known(names, instants, placed);
      indexed++;
    }
    Reconciliation r = new Reconciliation(dropped, indexed, written, orphans);
    LOG.info("pictures reconciled with {}: {}", root, r);
    return r;
  }

  private static void known(Map<ChannelRef, Set<String>> names, Map<ChannelRef, Set<Long>> instants, PictureRecord p) {
    names.computeIfAbsent(p.channel(), c -> new HashSet<>()).add(p.name());
    instants.computeIfAbsent(p.channel(), c -> new HashSet<>()).add(p.takenMillis());
  }

  /** Keys are (channel, instant): a picture moves on by a millisecond while another holds its instant. */
  private static long freeInstant(Map<ChannelRef, Set<Long>> instants, ChannelRef channel, long at) {
    Set<Long> taken = instants.getOrDefault(channel, Set.of());
    while (taken.contains(at)) {
      at++;
    }
    return at;
  }

  private static PictureRecord at(PictureRecord p, long takenMillis) {
    return new PictureRecord(p.channel(), takenMillis, p.name(), p.format(), p.desc(), p.sizeBytes(), p.upload());
  }

  /** {@code {device_id}/{channel_id}/{name}.{jpg|png}} as a picture with what its file says; null otherwise. */
  private PictureRecord fromImageFile(Path image) throws IOException {
    Path rel = root.relativize(image);
    String file = rel.getName(2).toString();
    int dot = file.lastIndexOf('.');
    String format = dot < 1 ? "" : file.substring(dot + 1);
    if (!format.equals("jpg") && !format.equals("png")) {
      return null;
    }
    try {
      ChannelRef channel = new ChannelRef(rel.getName(0).toString(), Integer.parseInt(rel.getName(1).toString()));
      return new PictureRecord(channel, Files.getLastModifiedTime(image).toMillis(), file.substring(0, dot), format,
          "", Files.size(image), false);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * Stores a picture taken at {@code takenMillis} (moved on by a millisecond while another picture of the
   * channel holds that instant, so keys stay unique). The file is complete before the index names it.
   */
  public synchronized PictureRecord add(ChannelRef channel, String name, String format, String desc, byte[] image,
      boolean upload, long takenMillis) throws IOException, RocksDBException {
    List<PictureRecord> existing = table.taken(channel, 0, Long.MAX_VALUE);
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
    sidecars.write(picture);
    table.put(picture);
    usedBytes.addAndGet(image.length);
    return picture;
  }

  /** Pictures of {@code channel} taken in {@code [fromMillis, toMillis)}, oldest first. */
  public List<PictureRecord> list(ChannelRef channel, long fromMillis, long toMillis) {
    return table.taken(channel, fromMillis, toMillis);
  }

  /** Spec 5.2 get_list: one page of the pictures of {@code channel} taken in {@code [fromMillis, toMillis)}. */
  public Page<PictureRecord> page(ChannelRef channel, long fromMillis, long toMillis, long page, long size) {
    return Page.of(list(channel, fromMillis, toMillis), page, size);
  }

  public Optional<PictureRecord> find(ChannelRef channel, String name) {
    return table.taken(channel, 0, Long.MAX_VALUE).stream().filter(p -> p.name().equals(name)).findFirst();
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

  /** The image first, its sidecar second, the entry last: a crash between leaves what {@link #reconcile()} drops. */
  private void remove(PictureRecord picture) throws IOException, RocksDBException {
    Files.deleteIfExists(file(picture));
    sidecars.delete(picture);
    table.remove(picture);
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
    table.forEach(all::add);
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

  /**
   * Retention by age: deletes the pictures taken before {@code cutoffMillis}, keeping the files in {@code keep}
   * (waiting for upload); returns how many were deleted.
   */
  public synchronized int enforceAge(long cutoffMillis, Set<Path> keep) throws IOException, RocksDBException {
    List<PictureRecord> old = new ArrayList<>();
    table.forEach(p -> {
      if (p.takenMillis() < cutoffMillis) {
        old.add(p);
      }
    });
    int deleted = 0;
    for (PictureRecord p : old) {
      if (!keep.contains(file(p))) {
        remove(p);
        deleted++;
      }
    }
    if (deleted > 0) {
      LOG.info("picture age limit: deleted {} pictures taken before {}", deleted, Instant.ofEpochMilli(cutoffMillis));
    }
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
