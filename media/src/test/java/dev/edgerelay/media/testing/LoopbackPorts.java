package dev.edgerelay.media.testing;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free ports on 127.0.0.1 for a server a test starts later (often in another JVM), taken <em>below</em> the kernel's
 * ephemeral range. A port from {@code bind(0)} lies inside that range, so between the probe and the server's own bind
 * any outgoing loopback connection (an HTTP client, a cluster member dialling its peers) may be given that very port
 * and the server fails with EADDRINUSE. Below the range no connection is ever given a port, so a probed port stays
 * free until someone binds it on purpose; this JVM never hands the same port out twice.
 */
public final class LoopbackPorts {
  /** The lowest port handed out: above the well-known and registered services tests might meet. */
  static final int LOWEST = 20_000;
  /** Linux's default low bound of {@code net.ipv4.ip_local_port_range}, used when the file cannot be read. */
  static final int DEFAULT_EPHEMERAL_LOW = 32_768;
  static final int MAX_ATTEMPTS = 200;
  private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
  private static final Set<Integer> HANDED_OUT = new HashSet<>();

  private LoopbackPorts() {}

  /** One free port. */
  public static int one() throws IOException {
    return run(1);
  }

  /** A port {@code p} with {@code p + 1} free too (a node's HTTP and RTMP ports). */
  public static int pair() throws IOException {
    return run(2);
  }

  /** The first of {@code length} consecutive free ports, none handed out before by this JVM. */
  public static synchronized int run(int length) throws IOException {
    int high = ephemeralLow() - length;
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      int first = ThreadLocalRandom.current().nextInt(LOWEST, high);
      if (allFree(first, length)) {
        for (int p = first; p < first + length; p++) {
          HANDED_OUT.add(p);
        }
        return first;
      }
    }
    throw new BindException("no " + length + " free consecutive ports below the ephemeral range after "
        + MAX_ATTEMPTS + " tries");
  }

  private static boolean allFree(int first, int length) {
    for (int p = first; p < first + length; p++) {
      if (HANDED_OUT.contains(p)) {
        return false;
      }
      try (ServerSocket probe = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
        // bound, so free: closed at once, a listener without connections leaves no TIME_WAIT behind
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }

  /** The kernel's lowest ephemeral port ("32768\t60999" in the file), never below what this class needs. */
  static int ephemeralLow() {
    try {
      int low = Integer.parseInt(Files.readString(EPHEMERAL_RANGE).trim().split("\\s+")[0]);
      return Math.max(low, LOWEST + 1_000);
    } catch (IOException | RuntimeException e) {
      return DEFAULT_EPHEMERAL_LOW;
    }
  }
}
