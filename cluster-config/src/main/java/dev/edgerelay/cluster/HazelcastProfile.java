package dev.edgerelay.cluster;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The Hazelcast files this module carries, by the name {@code --cluster-config} gives them. */
public enum HazelcastProfile {
  /** The default: TCP/IP join with the listed members; works on every LAN. */
  TCP("edge-cluster-tcp.xml"),
  /** Multicast discovery on the LAN segment. */
  MULTICAST("edge-cluster-multicast.xml"),
  /** Members on 127.0.0.1 only, with fast failure detection: tests and one-machine demos. */
  LOOPBACK("edge-cluster-loopback.xml");

  private static final String DIR = "dev/edgerelay/cluster/";
  private final String file;

  HazelcastProfile(String file) {
    this.file = file;
  }

  /** The file's path on the class path. */
  public String resource() {
    return DIR + file;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The profile {@code name} names ({@code tcp}, {@code multicast}, {@code loopback}), if it names one. */
  public static Optional<HazelcastProfile> named(String name) {
    return Arrays.stream(values()).filter(p -> p.wireName().equals(name.trim().toLowerCase(Locale.ROOT))).findFirst();
  }
}
