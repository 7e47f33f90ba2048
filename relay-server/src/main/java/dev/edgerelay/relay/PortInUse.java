package dev.edgerelay.relay;

import dev.edgerelay.relay.config.NodeOption;
import io.vertx.core.Future;
import java.net.BindException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Turns a listener's "address already in use" into a sentence an installer can act on: which port, which listener,
 * and the option that moves it. Other failures pass through unchanged.
 */
final class PortInUse {
  /** What Linux and Netty's native transport say when another socket holds the address. */
  private static final String IN_USE = "Address already in use";

  private PortInUse() {}

  /**
   * {@code binding} as it is, or failed with the sentence when its port was taken; {@code listener} names it with its
   * address ("the HTTP server on 0.0.0.0:8080").
   */
  static <T> Future<T> named(Future<T> binding, String listener, NodeOption... options) {
    return binding.recover(failure -> Future.failedFuture(!inUse(failure) ? failure
        : new IllegalStateException(listener + " could not listen: the port is already in use by another program; stop it or choose another port with "
            + Arrays.stream(options).map(o -> "--" + o.longName()).collect(Collectors.joining(" / ")))));
  }

  static boolean inUse(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof BindException || (t.getMessage() != null && t.getMessage().contains(IN_USE))) {
        return true;
      }
    }
    return false;
  }
}
