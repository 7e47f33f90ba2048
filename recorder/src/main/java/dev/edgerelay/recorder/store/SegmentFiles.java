package dev.edgerelay.recorder.store;

import dev.edgerelay.recorder.ChannelRef;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where segment files live and what their names say (docs/architecture.md, storage on disk):
 * {@code recordings/{device_id}/{channel_id}/{yyyyMMdd}/{startMillis}-{durationMillis}.ts}, and
 * {@code {startMillis}.ts.part} while being written. The name carries what the index needs, so the
 * index can be rebuilt from the files alone. Day directories are UTC days: a node's time zone may
 * change, the layout must not.
 */
public final class SegmentFiles {
  public static final String PART_SUFFIX = ".ts.part";
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);
  private static final Pattern FINISHED = Pattern.compile("(\\d{1,18})-(\\d{1,12})\\.ts");
  private static final Pattern PART = Pattern.compile("(\\d{1,18})\\.ts\\.part");

  /** What a file name says. {@code durationMillis} is -1 for a part file. */
  public record Parsed(ChannelRef channel, long startMillis, long durationMillis) {
    public boolean part() {
      return durationMillis < 0;
    }
  }

  private final Path root;
  /** The volume of {@link #root}, found once: finding it reads the whole mount table. */
  private volatile FileStore volume;

  /** @param root the {@code recordings} directory */
  public SegmentFiles(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  /**
   * Bytes a file under {@link #root} may still take on its volume, asked of the file system at each call
   * ({@code statvfs}). Retention asks it after every committed segment; the volume is looked up once,
   * since {@link Files#getFileStore} scans the mount table for it on every call.
   */
  public long usableBytes() throws IOException {
    FileStore v = volume;
    if (v == null) {
      v = Files.getFileStore(root);
      volume = v;
    }
    return v.getUsableSpace();
  }

  public Path channelDir(ChannelRef channel) {
    return root.resolve(channel.deviceId()).resolve(Integer.toString(channel.channelId()));
  }

  public Path dayDir(ChannelRef channel, long startMillis) {
    return channelDir(channel).resolve(DAY.format(Instant.ofEpochMilli(startMillis)));
  }

  public Path finished(ChannelRef channel, long startMillis, long durationMillis) {
    return dayDir(channel, startMillis).resolve(startMillis + "-" + durationMillis + ".ts");
  }

  public Path part(ChannelRef channel, long startMillis) {
    return dayDir(channel, startMillis).resolve(startMillis + PART_SUFFIX);
  }

  /** Reads a path under {@link #root()}; null when it is not a segment file of this layout. */
  public Parsed parse(Path file) {
    Path rel = root.relativize(file);
    if (rel.getNameCount() != 4) {
      return null;
    }
    ChannelRef channel;
    try {
      channel = new ChannelRef(rel.getName(0).toString(), Integer.parseInt(rel.getName(1).toString()));
    } catch (IllegalArgumentException e) {
      return null;
    }
    String name = rel.getName(3).toString();
    Matcher m = FINISHED.matcher(name);
    if (m.matches()) {
      return new Parsed(channel, Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
    }
    m = PART.matcher(name);
    return m.matches() ? new Parsed(channel, Long.parseLong(m.group(1)), -1) : null;
  }
}
