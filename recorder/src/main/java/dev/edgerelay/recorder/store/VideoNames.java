package dev.edgerelay.recorder.store;

import dev.edgerelay.recorder.ChannelRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Names given with rename_video (spec 6.4), kept beside the recordings so the index can be rebuilt from the
 * files alone: {@code recordings/{device_id}/{channel_id}/names/{videoId}.name}, the name in UTF-8.
 * A sidecar is written to a temporary file and moved into place atomically, so it is whole or absent; a video
 * without one has its default name. The directory name is no day ({@code yyyyMMdd}): segment parsing skips it.
 */
public final class VideoNames {
  static final String DIR = "names";
  private static final String SUFFIX = ".name";
  private static final Pattern FILE = Pattern.compile("(\\d{1,18})\\.name");

  private final SegmentFiles files;

  public VideoNames(SegmentFiles files) {
    this.files = files;
  }

  Path file(ChannelRef channel, long videoId) {
    return files.channelDir(channel).resolve(DIR).resolve(videoId + SUFFIX);
  }

  /** Writes {@code name} for the video, replacing any earlier one, atomically. */
  public void write(ChannelRef channel, long videoId, String name) throws IOException {
    Path target = file(channel, videoId);
    Files.createDirectories(target.getParent());
    Path temp = target.resolveSibling(videoId + SUFFIX + ".tmp");
    Files.writeString(temp, name, StandardCharsets.UTF_8);
    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  public void delete(ChannelRef channel, long videoId) throws IOException {
    Files.deleteIfExists(file(channel, videoId));
  }

  /** The names recorded for {@code channel}'s videos, by video id; temporary files left by a crash are ignored. */
  public Map<Long, String> read(ChannelRef channel) throws IOException {
    Map<Long, String> names = new HashMap<>();
    Path dir = files.channelDir(channel).resolve(DIR);
    if (!Files.isDirectory(dir)) {
      return names;
    }
    try (Stream<Path> list = Files.list(dir)) {
      for (Path p : (Iterable<Path>) list::iterator) {
        Matcher m = FILE.matcher(p.getFileName().toString());
        if (m.matches()) {
          try {
            names.put(Long.parseLong(m.group(1)), Files.readString(p, StandardCharsets.UTF_8));
          } catch (NoSuchFileException e) {
            // deleted meanwhile: the video is gone
          }
        }
      }
    }
    return names;
  }
}
