package dev.edgerelay.recorder.catalog;

import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.Matches;
import dev.edgerelay.recorder.Page;
import dev.edgerelay.recorder.index.RecordingIndex;
import dev.edgerelay.recorder.index.SegmentRecord;
import dev.edgerelay.recorder.index.VideoRecord;
import dev.edgerelay.recorder.store.SegmentStore;
import dev.edgerelay.recorder.vod.RangeReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.rocksdb.RocksDBException;

/**
 * What the node has recorded, as the VOD API, playback, export and uploads ask for it (spec 6.1-6.5, 4.1 rvod):
 * videos of a channel a page at a time, one video and its segments, the segments of a time range, a segment's
 * file, rename and delete. The one door of those callers into recorded media: they never see the index's tables.
 * Every call blocks (RocksDB, files): call from a worker.
 */
public final class RecordingCatalog {
  /** One channel's recorded span, for {@code /edge/storage}: its oldest segment's start, its newest's end. */
  public record ChannelSpan(ChannelRef channel, long oldestMillis, long newestMillis) {}

  private final SegmentStore store;
  private final RecordingIndex index;

  public RecordingCatalog(SegmentStore store) {
    this.store = store;
    this.index = store.index();
  }

  /**
   * Spec 6.2 get_video_list: videos of {@code channel} overlapping {@code [fromMillis, toMillis]} whose name
   * contains {@code nameContains} (every name when null), oldest first, page {@code page} (from 1) of {@code size}.
   */
  public Page<VideoRecord> videos(ChannelRef channel, long fromMillis, long toMillis, String nameContains, long page,
      long size) {
    Matches<VideoRecord> window = videos(channel, fromMillis, toMillis, nameContains,
        new Window(Page.first(page, size), size));
    return new Page<>(window.items(), window.total(), page, size);
  }

  /** Items {@code [offset, offset + limit)} of a list, counted from 0. */
  public record Window(long offset, long limit) {}

  /**
   * The videos of {@link #videos(ChannelRef, long, long, String, long, long)} in {@code window}, and how many match
   * in all: read from the range's start and counted without building the videos past the window, so a list costs
   * the window, not the channel (the fan-out of spec 6.2 asks each node for the first page * size).
   */
  public Matches<VideoRecord> videos(ChannelRef channel, long fromMillis, long toMillis, String nameContains,
      Window window) {
    return index.videos().window(channel, fromMillis, toMillis, nameContains, window.offset(), window.limit());
  }

  /** Every video of {@code channel}, oldest first. */
  public List<VideoRecord> videos(ChannelRef channel) {
    return index.videos().overlapping(channel, 0, Long.MAX_VALUE);
  }

  public Optional<VideoRecord> video(ChannelRef channel, long videoId) throws RocksDBException {
    return index.videos().get(channel, videoId);
  }

  /** The segments of one video in time order; empty when there is no such video. */
  public Optional<List<SegmentRecord>> videoSegments(ChannelRef channel, long videoId) throws RocksDBException {
    return video(channel, videoId).map(store::videoSegments);
  }

  /** Segments of {@code channel} overlapping {@code [fromMillis, toMillis)}, in time order (spec 4.1 rvod). */
  public List<SegmentRecord> segments(ChannelRef channel, long fromMillis, long toMillis) {
    return index.segments().overlapping(channel, fromMillis, toMillis);
  }

  /** The segment of {@code channel} starting at {@code startMillis}, if it is still there. */
  public Optional<SegmentRecord> segment(ChannelRef channel, long startMillis) throws RocksDBException {
    return index.segments().get(channel, startMillis);
  }

  /** Where a segment's file is. */
  public Path file(SegmentRecord s) {
    return store.file(s);
  }

  /** A reader of {@code segments} as one timeline, from segment {@code first}, {@code chunkBytes} of TS a read. */
  public RangeReader reader(List<SegmentRecord> segments, int first, int chunkBytes) {
    return new RangeReader(store, segments, first, chunkBytes);
  }

  /** Spec 6.4 rename_video; false when the video does not exist. */
  public boolean renameVideo(ChannelRef channel, long videoId, String name) throws IOException, RocksDBException {
    return store.renameVideo(channel, videoId, name);
  }

  /** Spec 6.3 delete_video: every segment of the video, and its name; false when it does not exist. */
  public boolean deleteVideo(ChannelRef channel, long videoId) throws IOException, RocksDBException {
    return store.deleteVideo(channel, videoId);
  }

  /** Every channel with recordings, and the span they cover. */
  public List<ChannelSpan> channels() {
    List<ChannelSpan> out = new ArrayList<>();
    for (ChannelRef c : index.segments().channels()) {
      Optional<SegmentRecord> oldest = index.segments().first(c);
      Optional<SegmentRecord> newest = index.segments().last(c);
      if (oldest.isPresent() && newest.isPresent()) { // retention may empty it between the reads
        out.add(new ChannelSpan(c, oldest.get().startMillis(), newest.get().endMillis()));
      }
    }
    return out;
  }

  /** Bytes the recordings use. */
  public long usedBytes() {
    return index.videos().usedBytes();
  }

  /** Bytes free on the volume of the recordings. */
  public long freeBytes() throws IOException {
    return store.files().usableBytes();
  }
}
