package dev.edgerelay.sim;

/** Command-line entry of the platform emulator. */
public final class PlatformSimMain {
  private PlatformSimMain() {}

  public static void main(String[] args) {
    System.out.println("platform-sim: not yet wired");
  }
}
