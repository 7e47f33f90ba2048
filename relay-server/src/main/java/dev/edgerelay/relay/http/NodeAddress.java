package dev.edgerelay.relay.http;

/** Where LAN clients reach this node: what play_address answers and the web UI's URLs carry. */
public record NodeAddress(String host, int httpPort, int rtmpPort) {
  public String http() {
    return host + ":" + httpPort;
  }

  public String rtmp() {
    return host + ":" + rtmpPort;
  }
}
