package dev.edgerelay.relay.config;

import dev.edgerelay.relay.options.ConfigException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The parsed command line: {@code edge-relay <command> [--option value | --option=value]...}.
 * Commands: {@code run} (the default), {@code demo}, {@code rebuild-index}, {@code help}.
 */
public record CommandLine(String command, Map<NodeOption, String> flags, boolean help) {
  public static final List<String> COMMANDS = List.of("run", "demo", "rebuild-index", "help");

  public static CommandLine parse(String[] args) {
    String command = "run";
    boolean help = false;
    Map<NodeOption, String> flags = new EnumMap<>(NodeOption.class);
    List<String> rest = new ArrayList<>(List.of(args));
    if (!rest.isEmpty() && !rest.get(0).startsWith("-")) {
      command = rest.remove(0);
      if (!COMMANDS.contains(command)) {
        throw new ConfigException("", "unknown command '" + command + "'; commands are " + String.join(", ", COMMANDS));
      }
    }
    for (int i = 0; i < rest.size(); i++) {
      String arg = rest.get(i);
      if (arg.equals("--help") || arg.equals("-h")) {
        help = true;
        continue;
      }
      if (!arg.startsWith("--")) {
        throw new ConfigException("", "unexpected argument '" + arg + "'; options look like --http-port 8080 (see --help)");
      }
      String name = arg.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      NodeOption option = NodeOption.byLongName(name);
      if (option == null) {
        throw new ConfigException("", "unknown option --" + name + " (see --help)");
      }
      if (value == null && option.value().kind() == NodeOption.Value.Kind.BOOLEAN) {
        // a switch: --cluster alone means true; --cluster false still reads its value
        boolean valueFollows = i + 1 < rest.size() && rest.get(i + 1).matches("(?i)true|false");
        value = valueFollows ? rest.get(++i) : "true";
      }
      if (value == null) {
        if (i + 1 >= rest.size()) {
          throw new ConfigException("--" + name, "needs a value: --" + name + " " + option.valueName());
        }
        value = rest.get(++i);
      }
      flags.put(option, value);
    }
    return new CommandLine(command, flags, help || command.equals("help"));
  }

  /** The text of {@code --help}, generated from the option table so it never goes stale. */
  public static String usage() {
    StringBuilder out = new StringBuilder();
    out.append("Usage: java -jar edge-relay.jar [run|demo|rebuild-index|help] [options]\n\n")
        .append("  run    start the node (default). Without --platform-url it starts the platform emulator\n")
        .append("         in the same process with synthetic cameras (the embedded default).\n")
        .append("  demo   run on the embedded emulator, whatever --platform-url says.\n")
        .append("  rebuild-index  rebuild the recording index under --data-dir from the segment files alone, then exit.\n\n")
        .append("Options (also EDGE_<NAME> environment variables, edge.<name> system properties,\n")
        .append("and <name> keys with '_' for '-' in the --config JSON file; the command line wins):\n");
    for (NodeOption o : NodeOption.values()) {
      String left = "  --" + o.longName() + " " + o.valueName();
      out.append(String.format("%-30s %s", left, o.description()));
      if (o.value().rangeText() != null) {
        out.append(", ").append(o.value().rangeText());
      }
      if (o.defaultValue() != null) {
        out.append(" (default ").append(o.defaultValue()).append(')');
      }
      out.append("\n").append(String.format("%-30s %s%n", "", "env " + o.envName()));
    }
    out.append("  --help                         this text\n");
    return out.toString();
  }
}
