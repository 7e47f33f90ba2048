package dev.edgerelay.relay;

/** What the node prints once it is ready: where a person points a browser, a player or an app. */
final class StartupBanner {
  private final EdgeNode node;

  StartupBanner(EdgeNode node) {
    this.node = node;
  }

  String text() {
    String host = node.options().advertiseHost();
    String base = "http://" + host + ":" + node.httpPort();
    StringBuilder out = new StringBuilder();
    out.append("edge-relay is ready\n")
        .append("  web UI        ").append(base).append("/\n")
        .append("  health        ").append(base).append("/edge/health\n")
        .append("  edge API      ").append(base).append("/ipc/video/... (header api-key: ")
        .append(node.options().apiKey()).append(")\n")
        .append("  platform      ").append(node.platformUrl());
    if (node.embeddedSim() != null) {
      out.append("  (embedded emulator, ").append(node.options().simCameras()).append(" synthetic cameras)");
    }
    out.append("\nStop with Ctrl-C.\n");
    return out.toString();
  }
}
