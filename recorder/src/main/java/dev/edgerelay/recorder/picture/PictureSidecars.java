package dev.edgerelay.recorder.picture;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.index.PictureRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A picture's metadata beside its image, so the pictures family can be rebuilt from the files alone, like the
 * recordings: {@code {root}/{device_id}/{channel_id}/.meta/{name}.json} holding name, desc,
 * format, upload mark, device, channel, the instant taken and the size. Picture names never start with '.'
 * (the picture API refuses them), so {@code .meta} is no picture. Written to a temporary file and moved into place
 * atomically: a sidecar is whole or absent.
 */
final class PictureSidecars {
  private static final Logger LOG = LoggerFactory.getLogger(PictureSidecars.class);
  static final String DIR = ".meta";
  private static final String SUFFIX = ".json";
  /** The temporary name: short, so the longest picture name the API accepts still fits a file name. */
  private static final String WRITING = ".writing";

  private static final JsonFactory JSON = new JsonFactory();

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
    Files.write(temp, toJson(p));
    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  void delete(PictureRecord p) throws IOException {
    Files.deleteIfExists(file(p.channel(), p.name()));
  }

  /** One JSON object, compact, the fields in this order. */
  static byte[] toJson(PictureRecord p) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("device_id", p.channel().deviceId());
      g.writeNumberField("channel_id", p.channel().channelId());
      g.writeStringField("name", p.name());
      g.writeStringField("format", p.format());
      g.writeStringField("desc", p.desc());
      g.writeBooleanField("upload", p.upload());
      g.writeNumberField("taken_ms", p.takenMillis());
      g.writeNumberField("size", p.sizeBytes());
      g.writeEndObject();
    }
    return out.toByteArray();
  }

  /** Reads what {@link #toJson} wrote; fields it does not know are skipped, a missing or mistyped one throws. */
  static PictureRecord fromJson(byte[] json) throws IOException {
    Map<String, Object> f = new HashMap<>();
    try (JsonParser parser = JSON.createParser(json)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new JsonParseException(parser, "not a JSON object");
      }
      for (JsonToken t = parser.nextToken(); t == JsonToken.FIELD_NAME; t = parser.nextToken()) {
        String name = parser.currentName();
        switch (parser.nextToken()) {
          case VALUE_STRING -> f.put(name, parser.getText());
          case VALUE_NUMBER_INT -> f.put(name, parser.getLongValue());
          case VALUE_TRUE, VALUE_FALSE -> f.put(name, parser.getBooleanValue());
          default -> parser.skipChildren();
        }
      }
    }
    return new PictureRecord(new ChannelRef(field(f, "device_id", String.class),
        Math.toIntExact(field(f, "channel_id", Long.class))), field(f, "taken_ms", Long.class),
        field(f, "name", String.class), field(f, "format", String.class),
        f.containsKey("desc") ? field(f, "desc", String.class) : "", field(f, "size", Long.class),
        field(f, "upload", Boolean.class));
  }

  private static <T> T field(Map<String, Object> fields, String name, Class<T> type) {
    Object value = fields.get(name);
    if (!type.isInstance(value)) {
      throw new IllegalArgumentException("field " + name + " is " + (value == null ? "missing" : "not a "
          + type.getSimpleName()));
    }
    return type.cast(value);
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
          found.add(fromJson(Files.readAllBytes(p)));
        } catch (IOException | RuntimeException e) { // not JSON, or a field missing or of the wrong type
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
