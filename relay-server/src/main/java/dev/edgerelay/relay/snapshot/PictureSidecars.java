package dev.edgerelay.relay.snapshot;

import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.index.PictureRecord;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A picture's metadata beside its image, so the pictures family can be rebuilt from the files alone (issue 8,
 * like recordings in issue 6): {@code {root}/{device_id}/{channel_id}/.meta/{name}.json} holding name, desc,
 * format, upload mark, device, channel, the instant taken and the size. Picture names never start with '.'
 * ({@link PictureNames}), so {@code .meta} is no picture. Written to a temporary file and moved into place
 * atomically: a sidecar is whole or absent.
 */
final class PictureSidecars {
  private static final Logger LOG = LoggerFactory.getLogger(PictureSidecars.class);
  static final String DIR = ".meta";
  private static final String SUFFIX = ".json";
  /** The temporary name: short, so a name of {@link PictureNames#MAX_FILE_NAME_LENGTH} still fits. */
  private static final String WRITING = ".writing";

  private final Path root;

  PictureSidecars(Path root) {
    this.root = root;
  }

  Path file(ChannelRef channel, String name) {
    return root.resolve(channel.deviceId()).resolve(Integer.toString(channel.channelId())).resolve(DIR)
        .resolve(name + SUFFIX);
  }

  /** Callers serialise writes (the store's lock): one temporary file per channel directory. */
  void write(PictureRecord p) throws IOException {
    Path target = file(p.channel(), p.name());
    Files.createDirectories(target.getParent());
    Path temp = target.resolveSibling(WRITING);
    Files.write(temp, toJson(p).toBuffer().getBytes());
    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  void delete(PictureRecord p) throws IOException {
    Files.deleteIfExists(file(p.channel(), p.name()));
  }

  static JsonObject toJson(PictureRecord p) {
    return new JsonObject().put("device_id", p.channel().deviceId()).put("channel_id", p.channel().channelId())
        .put("name", p.name()).put("format", p.format()).put("desc", p.desc()).put("upload", p.upload())
        .put("taken_ms", p.takenMillis()).put("size", p.sizeBytes());
  }

  static PictureRecord fromJson(JsonObject j) {
    return new PictureRecord(new ChannelRef(j.getString("device_id"), j.getInteger("channel_id")), j.getLong("taken_ms"),
        j.getString("name"), j.getString("format"), j.getString("desc", ""), j.getLong("size"), j.getBoolean("upload"));
  }

  /** Every readable sidecar under the root; unreadable ones (not this layout) are logged and left alone. */
  List<PictureRecord> readAll() throws IOException {
    List<PictureRecord> found = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return found;
    }
    try (Stream<Path> walk = Files.walk(root, 4)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (!isSidecar(p)) {
          continue;
        }
        try {
          found.add(fromJson(new JsonObject(Files.readString(p))));
        } catch (RuntimeException e) { // not JSON (DecodeException), or a field missing or of the wrong type
          LOG.warn("picture metadata {} is unreadable ({}); left alone", p, e.getMessage());
        }
      }
    }
    return found;
  }

  private boolean isSidecar(Path p) {
    Path rel = root.relativize(p);
    return rel.getNameCount() == 4 && rel.getName(2).toString().equals(DIR)
        && rel.getName(3).toString().endsWith(SUFFIX) && Files.isRegularFile(p);
  }

  /** Image files under the root ({@code {device_id}/{channel_id}/{name}.{format}}), for pictures with no sidecar. */
  List<Path> images() throws IOException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(root, 3)) {
      return walk.filter(p -> root.relativize(p).getNameCount() == 3 && Files.isRegularFile(p)
          && !p.getFileName().toString().startsWith(".") && !p.getFileName().toString().endsWith(".part")).toList();
    }
  }
}
