package dev.edgerelay.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.InvalidConfigurationException;
import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Finds the node's Hazelcast configuration, first found wins (docs/architecture.md, "Cluster"):
 * <ol>
 *   <li>{@code --cluster-config}: a built-in profile name ({@link HazelcastProfile}) or a Hazelcast XML or YAML file;
 *   <li>Vert.x's documented system property {@value #VERTX_CONFIG_PROPERTY} (a file, or {@code classpath:name});
 *   <li>a {@value #CLASSPATH_FILE} on the class path, as Vert.x's cluster manager looks for one;
 *   <li>the built-in file of {@code --cluster-join} (TCP/IP unless multicast is asked for).
 * </ol>
 * A file that is missing or does not parse fails with a sentence naming it and what to fix.
 */
public final class HazelcastConfigLookup {
  /** The system property Vert.x's Hazelcast cluster manager reads its configuration file from. */
  public static final String VERTX_CONFIG_PROPERTY = "vertx.hazelcast.config";
  /** The class-path file Vert.x's cluster manager prefers to its built-in one. */
  public static final String CLASSPATH_FILE = "cluster.xml";
  private static final String CLASSPATH_PREFIX = "classpath:";

  private final Properties systemProperties;
  private final ClassLoader classLoader;

  public HazelcastConfigLookup(Properties systemProperties, ClassLoader classLoader) {
    this.systemProperties = systemProperties;
    this.classLoader = classLoader;
  }

  /** The lookup of a running process. */
  public static HazelcastConfigLookup fromProcess() {
    return new HazelcastConfigLookup(System.getProperties(), HazelcastConfigLookup.class.getClassLoader());
  }

  /**
   * @param option the value of {@code --cluster-config}; empty or null when not given
   * @param fallback the built-in profile used when nothing else is found
   * @throws IllegalArgumentException naming the file at fault and what to fix
   */
  public LoadedConfig load(String option, HazelcastProfile fallback) {
    if (option != null && !option.isBlank()) {
      return HazelcastProfile.named(option).map(HazelcastConfigLookup::builtIn)
          .orElseGet(() -> fromFile(Path.of(option.trim()), "--cluster-config"));
    }
    String property = systemProperties.getProperty(VERTX_CONFIG_PROPERTY);
    if (property != null && !property.isBlank()) {
      return property.startsWith(CLASSPATH_PREFIX)
          ? fromClasspath(property.substring(CLASSPATH_PREFIX.length()), "system property " + VERTX_CONFIG_PROPERTY)
          : fromFile(Path.of(property), "system property " + VERTX_CONFIG_PROPERTY);
    }
    if (classLoader.getResource(CLASSPATH_FILE) != null) {
      return fromClasspath(CLASSPATH_FILE, "the class path");
    }
    return builtIn(fallback);
  }

  /** A built-in profile's file, parsed. */
  public static LoadedConfig builtIn(HazelcastProfile profile) {
    Config config = parse(() -> Config.loadFromClasspath(HazelcastProfile.class.getClassLoader(), profile.resource()),
        "built-in profile " + profile.wireName());
    return new LoadedConfig(config, "built-in profile " + profile.wireName());
  }

  private LoadedConfig fromClasspath(String name, String givenBy) {
    if (classLoader.getResource(name) == null) {
      throw new IllegalArgumentException("no Hazelcast file " + name + " on the class path (named by " + givenBy
          + "): add it or name a file instead");
    }
    return new LoadedConfig(parse(() -> Config.loadFromClasspath(classLoader, name), name), "classpath:" + name);
  }

  private static LoadedConfig fromFile(Path file, String givenBy) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("Hazelcast file " + file + " (named by " + givenBy + ") does not exist: give a"
          + " readable .xml or .yaml file, or one of the profiles tcp, multicast, loopback");
    }
    return new LoadedConfig(parse(() -> Config.loadFromFile(file.toFile()), file.toString()), file.toString());
  }

  private interface Parse {
    Config run() throws FileNotFoundException;
  }

  private static Config parse(Parse parse, String what) {
    try {
      return parse.run();
    } catch (FileNotFoundException e) {
      throw new IllegalArgumentException("cannot read Hazelcast file " + what + ": " + e.getMessage(), e);
    } catch (InvalidConfigurationException | IllegalArgumentException e) {
      throw new IllegalArgumentException("Hazelcast file " + what + " is not a valid Hazelcast 5.3 configuration ("
          + e.getMessage() + "): fix it against hazelcast-config-5.3.xsd", e);
    }
  }
}
