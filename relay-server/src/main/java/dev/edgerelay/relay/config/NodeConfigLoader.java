package dev.edgerelay.relay.config;

import dev.edgerelay.relay.options.ConfigException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Merges the node's settings from their sources, later ones winning (docs/architecture.md, configuration):
 * built-in defaults, the JSON config file, {@code EDGE_*} environment variables, {@code edge.*}
 * system properties, then command-line flags. Each value is typed by its {@link NodeOption} and put at
 * the option's path in the JSON that {@link NodeOptions#NodeOptions(JsonObject)} reads.
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
   * @throws ConfigException naming the setting (its flag, or its source when the value is no value of its
   *     kind) and what to fix
   */
  public NodeOptions load(Map<NodeOption, String> flags) {
    JsonObject merged = new JsonObject();
    String configFile = firstOf(flags.get(NodeOption.CONFIG), systemProperties.getProperty(NodeOption.CONFIG.propertyName()),
        env.get(NodeOption.CONFIG.envName()));
    if (configFile != null) {
      readConfigFile(Path.of(configFile), merged);
    }
    for (NodeOption option : NodeOption.values()) {
      if (option == NodeOption.CONFIG) {
        continue;
      }
      put(merged, option, env.get(option.envName()), "environment variable " + option.envName());
      put(merged, option, systemProperties.getProperty(option.propertyName()), "system property " + option.propertyName());
      put(merged, option, flags.get(option), "--" + option.longName());
    }
    try {
      return new NodeOptions(merged).validate();
    } catch (ConfigException e) {
      NodeOption option = NodeOption.byPath(e.field());
      throw option == null ? e : new ConfigException("--" + option.longName(), e.problem(), e);
    }
  }

  private static void readConfigFile(Path file, JsonObject target) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException("", "cannot read config file " + file + ": " + e.getMessage(), e);
    }
    JsonObject json;
    try {
      json = new JsonObject(withoutComments(text));
    } catch (DecodeException e) {
      throw new ConfigException("", "config file " + file + " is not a JSON object: " + e.getMessage(), e);
    }
    for (Map.Entry<String, Object> entry : json) {
      NodeOption option = NodeOption.byLongName(entry.getKey().replace('_', '-'));
      if (option == null || option == NodeOption.CONFIG) {
        throw new ConfigException("", "config file " + file + ": unknown key '" + entry.getKey()
            + "' (see --help for the settings; write them with '_' for '-')");
      }
      put(target, option, text(entry.getValue()), "key '" + entry.getKey() + "' in " + file);
    }
  }

  /**
   * The file without its comment lines (a whole line starting with {@link SampleConfig#COMMENT}), as the sample
   * config has them; a line break stays in their place, so the parser's line numbers still match the file's.
   */
  private static String withoutComments(String text) {
    return text.lines().map(line -> line.stripLeading().startsWith(SampleConfig.COMMENT) ? "" : line)
        .collect(Collectors.joining("\n"));
  }

  /** A config file's value as the text a flag would give: a JSON array is a list. */
  private static String text(Object value) {
    if (value instanceof JsonArray list) {
      return list.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
    return value == null ? null : String.valueOf(value);
  }

  private static void put(JsonObject target, NodeOption option, String value, String source) {
    if (value == null) {
      return;
    }
    Object typed = switch (option.value().kind()) {
      case TEXT, LIST -> value;
      case BOOLEAN -> Boolean.parseBoolean(value.trim());
      case INTEGER -> wholeNumber(value, source);
    };
    String[] path = option.path().split("\\.");
    JsonObject parent = target;
    for (int i = 0; i < path.length - 1; i++) {
      if (parent.getJsonObject(path[i]) == null) {
        parent.put(path[i], new JsonObject());
      }
      parent = parent.getJsonObject(path[i]);
    }
    parent.put(path[path.length - 1], typed);
  }

  private static long wholeNumber(String value, String source) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(source, "must be a whole number, got '" + value + "'");
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
