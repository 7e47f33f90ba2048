package dev.edgerelay.relay.options;

/**
 * A setting the node cannot start with. It names the setting ({@link #field()}) apart from what is wrong
 * with it ({@link #problem()}), so the loader can say it in the user's words: the options classes name
 * their own fields ({@code segmentMillis}), the node prefixes the section ({@code hls.segmentMillis}) and
 * the loader turns that into the flag the user typed ({@code --hls-segment-ms}).
 */
public final class ConfigException extends IllegalArgumentException {
  private final String field;
  private final String problem;

  /**
   * @param field the setting at fault: a field name, a dotted path or a flag; empty when none applies
   * @param problem what is wrong and what is allowed, e.g. {@code must be between 1 and 64, got 0}
   */
  public ConfigException(String field, String problem) {
    this(field, problem, null);
  }

  public ConfigException(String field, String problem, Throwable cause) {
    super(field.isEmpty() ? problem : field + " " + problem, cause);
    this.field = field;
    this.problem = problem;
  }

  /**
   * The same problem of an options class nested under {@code section}. An IllegalArgumentException of a
   * module that cannot see this class (SimOptions, OutboxOptions) names its field as the first word.
   */
  public static ConfigException within(String section, IllegalArgumentException e) {
    if (e instanceof ConfigException c) {
      return new ConfigException(c.field.isEmpty() ? section : section + "." + c.field, c.problem, c.getCause());
    }
    String message = String.valueOf(e.getMessage());
    int space = message.indexOf(' ');
    if (space > 0 && message.substring(0, space).matches("[a-z][A-Za-z0-9]*")) {
      return new ConfigException(section + "." + message.substring(0, space), message.substring(space + 1), e);
    }
    return new ConfigException(section, message, e);
  }

  public String field() {
    return field;
  }

  public String problem() {
    return problem;
  }
}
