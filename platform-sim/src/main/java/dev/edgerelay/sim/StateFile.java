package dev.edgerelay.sim;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The {@code --state-file} snapshot: JSON, written to a temporary sibling and moved over the old file so a crash
 * mid-write leaves the previous snapshot. All file work runs on a worker, never on an event loop.
 */
public final class StateFile {
  private final Vertx vertx;
  private final Path path;

  public StateFile(Vertx vertx, Path path) {
    this.vertx = vertx;
    this.path = path;
  }

  public Path path() {
    return path;
  }

  /** The snapshot, empty when the file does not exist yet. */
  public Future<Optional<JsonObject>> load() {
    return vertx.executeBlocking(() -> {
      if (!Files.exists(path)) {
        return Optional.<JsonObject>empty();
      }
      try {
        return Optional.of(new JsonObject(Files.readString(path, StandardCharsets.UTF_8)));
      } catch (RuntimeException e) {
        throw new IOException("state file " + path + " is not a JSON snapshot: " + e.getMessage(), e);
      }
    }, false);
  }

  /** Encodes the state and replaces the file. */
  public Future<Void> save(SimState state) {
    return vertx.executeBlocking(() -> {
      byte[] json = state.toJson().encode().getBytes(StandardCharsets.UTF_8);
      Path absolute = path.toAbsolutePath();
      if (absolute.getParent() != null) {
        Files.createDirectories(absolute.getParent());
      }
      Path tmp = absolute.resolveSibling(absolute.getFileName() + ".tmp");
      Files.write(tmp, json);
      Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return null;
    }, false);
  }
}
