package dev.edgerelay.relay.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Merges the node's settings from their sources, later ones winning (ARCHITECTURE.md, configuration):
 * built-in defaults, the JSON config file, {@code EDGE_*} environment variables, {@code edge.*}
 * system properties, then command-line flags.
 */
public final class NodeConfigLoader {
  private final Map<String, String> env;
  private final Properties systemProperties;

  public NodeConfigLoader(Map<String, String> env, Properties systemProperties) {
    this.env = env;
    this.systemProperties = systemProperties;
  }

  /** The loader of a running process. */
  public static NodeConfigLoader fromProcess() {
    return new NodeConfigLoader(System.getenv(), System.getProperties());
  }

  /**
   * @param flags the values given on the command line, by option
   * @throws ConfigException naming the setting and its source when a value is unusable
   */
  public NodeOptions load(Map<NodeOption, String> flags) {
    JsonObject merged = new JsonObject();
    String configFile = firstOf(flags.get(NodeOption.CONFIG), systemProperties.getProperty(NodeOption.CONFIG.propertyName()),
        env.get(NodeOption.CONFIG.envName()));
    if (configFile != null) {
      merged.mergeIn(readConfigFile(Path.of(configFile)));
    }
    for (NodeOption option : NodeOption.values()) {
      if (option == NodeOption.CONFIG) {
        continue;
      }
      put(merged, option, env.get(option.envName()), "environment variable " + option.envName());
      put(merged, option, systemProperties.getProperty(option.propertyName()), "system property " + option.propertyName());
      put(merged, option, flags.get(option), "--" + option.longName());
    }
    return new NodeOptions(merged).validate();
  }

  private static JsonObject readConfigFile(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
    }
    JsonObject json;
    try {
      json = new JsonObject(text);
    } catch (DecodeException e) {
      throw new ConfigException("config file " + file + " is not a JSON object: " + e.getMessage(), e);
    }
    JsonObject checked = new JsonObject();
    for (Map.Entry<String, Object> entry : json) {
      NodeOption option = NodeOption.byLongName(entry.getKey().replace('_', '-'));
      if (option == null || option == NodeOption.CONFIG) {
        throw new ConfigException("config file " + file + ": unknown key '" + entry.getKey()
            + "' (see --help for the settings; write them with '_' for '-')");
      }
      Object value = entry.getValue();
      put(checked, option, value == null ? null : String.valueOf(value), "key '" + entry.getKey() + "' in " + file);
    }
    return checked;
  }

  private static void put(JsonObject target, NodeOption option, String value, String source) {
    if (value == null) {
      return;
    }
    if (!option.integer()) {
      target.put(option.jsonKey(), value);
      return;
    }
    try {
      target.put(option.jsonKey(), Integer.parseInt(value.trim()));
    } catch (NumberFormatException e) {
      throw new ConfigException(source + " must be a whole number, got '" + value + "'");
    }
  }

  private static String firstOf(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }
}
