package dev.edgerelay.relay;

/** Command-line entry of the edge node. */
public final class EdgeRelayMain {
  private EdgeRelayMain() {}

  public static void main(String[] args) {
    System.out.println("edge-relay: not yet wired");
  }
}
