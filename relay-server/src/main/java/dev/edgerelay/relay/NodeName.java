package dev.edgerelay.relay;

import dev.edgerelay.relay.cluster.ClusterOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The node's stable name (docs/architecture.md, "Cluster"): {@code --node-name} when given; else the name kept in
 * the data directory; else a new one, the host name and a short random suffix, written there for every later
 * start. Peers know the node by it across restarts (Hazelcast's member id changes at every start); a single node
 * reports it as its {@code node_id}. Blocking file and host-name calls: run it on a worker or before Vert.x starts.
 */
final class NodeName {
  /** The file under the data directory holding the name. */
  static final String FILE = "node-name";
  /** Room for the suffix within {@link ClusterOptions#MAX_NODE_NAME_LENGTH}. */
  private static final int MAX_HOST_PART = 40;
  private static final int SUFFIX_BYTES = 3;

  private NodeName() {}

  /**
   * @param configured {@code --node-name}, empty when not given
   * @throws IOException when the data directory cannot be read or written
   */
  static String resolve(String configured, Path dataDir) throws IOException {
    if (!configured.isEmpty()) {
      return configured;
    }
    Path file = dataDir.resolve(FILE);
    if (Files.isRegularFile(file)) {
      String kept = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (kept.matches("[A-Za-z0-9._-]{1," + ClusterOptions.MAX_NODE_NAME_LENGTH + "}")) {
        return kept;
      }
      throw new IOException(file + " holds no valid node name ('" + kept + "'): fix or delete it, or give --node-name");
    }
    String made = hostPart() + "-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(SUFFIX_BYTES));
    Files.createDirectories(dataDir);
    Path partial = dataDir.resolve(FILE + ".tmp");
    Files.writeString(partial, made + "\n", StandardCharsets.UTF_8);
    Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
    return made;
  }

  /** The host name in the characters a node name allows; {@code edge} when the host has none. */
  private static String hostPart() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "edge";
    }
    String cleaned = host.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-").replaceAll("^[.-]+|[.-]+$", "");
    if (cleaned.length() > MAX_HOST_PART) {
      cleaned = cleaned.substring(0, MAX_HOST_PART);
    }
    return cleaned.isEmpty() ? "edge" : cleaned;
  }
}
