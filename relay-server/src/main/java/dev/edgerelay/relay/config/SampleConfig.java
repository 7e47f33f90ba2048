package dev.edgerelay.relay.config;

import io.vertx.core.json.Json;
import java.util.Map;

/**
 * The config file a package ships ({@code conf/edge-relay.json}, docs/operations.md): every option of
 * {@link NodeOption} at its default with its description as a comment, generated from the option table so it cannot
 * drift from it. {@link NodeConfigLoader} skips the comment lines.
 */
public final class SampleConfig {
  /** What starts a comment line of the config file: JSON has none, so a whole line that starts with it is one. */
  public static final String COMMENT = "//";

  private SampleConfig() {}

  /**
   * The file's text: each option's default, or the value {@code overrides} gives it (a package's data directory);
   * an option without a default is written {@code null} (absent).
   */
  public static String text(Map<NodeOption, String> overrides) {
    StringBuilder out = new StringBuilder();
    out.append(COMMENT).append(" edge-relay settings, each at its default. Keys are the long option names with '_'"
        + " for '-' (see --help).\n")
        .append(COMMENT).append(" EDGE_<NAME> environment variables, edge.<name> system properties and command-line"
            + " flags override them.\n")
        .append(COMMENT).append(" A line starting with ").append(COMMENT).append(" is a comment.\n{\n");
    NodeOption[] options = NodeOption.values();
    for (int i = 0; i < options.length; i++) {
      NodeOption option = options[i];
      if (option == NodeOption.CONFIG) {
        continue;
      }
      out.append("  ").append(COMMENT).append(' ').append(comment(option, overrides.containsKey(option))).append('\n')
          .append("  \"").append(option.jsonKey()).append("\": ").append(value(option, overrides.get(option)))
          .append(i < options.length - 1 ? ",\n" : "\n");
    }
    return out.append("}\n").toString();
  }

  private static String comment(NodeOption option, boolean overridden) {
    StringBuilder out = new StringBuilder(option.description());
    if (option.value().rangeText() != null) {
      out.append(", ").append(option.value().rangeText());
    }
    if (overridden) {
      out.append(" (built-in default ").append(option.defaultValue() == null ? "none" : option.defaultValue())
          .append(')');
    }
    return out.toString();
  }

  private static String value(NodeOption option, String override) {
    Object value = override != null ? override : option.value().defaultValue();
    if (value == null) {
      return "null";
    }
    return switch (option.value().kind()) {
      case INTEGER, BOOLEAN -> String.valueOf(value);
      case TEXT, LIST -> Json.encode(String.valueOf(value));
    };
  }

  /**
   * Prints the file: {@code SampleConfig [--option value]...} gives those options other values (scripts/package
   * sets the package's data directory this way).
   */
  public static void main(String[] args) {
    System.out.print(text(CommandLine.parse(args).flags()));
  }
}
