package dev.edgerelay.relay;

import dev.edgerelay.relay.channels.ServedDevice;
import dev.edgerelay.relay.hub.StreamKey;
import dev.edgerelay.relay.platform.model.Channel;
import dev.edgerelay.relay.token.PlayGrant;
import dev.edgerelay.relay.token.PlayTokens;
import java.time.Clock;

/** What the node prints once it is ready: where a person points a browser, a player or an app. */
final class StartupBanner {
  /** Channels listed by name; the web UI shows them all. */
  static final int MAX_LISTED_CHANNELS = 8;
  /** Lifetime of the tokens in the printed URLs: a working day. */
  static final long PRINTED_TOKEN_LIFETIME_MILLIS = 12 * 3_600_000L;

  private final EdgeNode node;

  StartupBanner(EdgeNode node) {
    this.node = node;
  }

  String text() {
    String host = node.options().advertiseHost();
    String base = "http://" + host + ":" + node.httpPort();
    StringBuilder out = new StringBuilder();
    out.append("edge-relay is ready\n")
        .append("  live wall     ").append(base).append("/#key=").append(node.options().platform().apiKey()).append('\n')
        .append("  health        ").append(base).append("/edge/health\n")
        .append("  edge API      ").append(base).append("/ipc/video/... (header api-key: ")
        .append(node.options().platform().apiKey()).append(")\n")
        .append("  platform      ").append(node.platformUrl());
    if (node.embeddedSim() != null) {
      // what the directory serves, not the emulator's option: a camera may have several channels
      int channels = node.directory().devices().stream().mapToInt(d -> d.channels().size()).sum();
      out.append("  (embedded emulator: ").append(node.directory().devices().size()).append(" devices, ")
          .append(channels).append(' ').append(node.options().sim().cameraMode().wireName()).append(" channels)");
    }
    out.append('\n');
    if (node.options().cluster().enabled()) {
      out.append("  cluster       site ").append(node.options().cluster().name()).append(" as node ")
          .append(node.ownership().selfName()).append(", ").append(node.ownership().members())
          .append(" members now (").append(base).append("/edge/cluster)\n");
    }
    PlayTokens tokens = new PlayTokens(node.options().platform().apiKey(), Clock.systemUTC());
    int listed = 0;
    for (ServedDevice device : node.directory().devices()) {
      for (Channel channel : device.channels()) {
        if (listed++ == MAX_LISTED_CHANNELS) {
          out.append("  ... and more on the live wall\n");
          return out.append("Stop with Ctrl-C.\n").toString();
        }
        StreamKey key = new StreamKey(device.id(), channel.channelId());
        String token = tokens.issue(key, PlayGrant.LIVE, PRINTED_TOKEN_LIFETIME_MILLIS);
        String name = String.format("%-9s ", key.rtmpName());
        out.append("  HLS  ").append(name).append(base).append("/live/").append(key.hlsDirectory())
            .append("/index.m3u8?").append(token).append('\n');
        out.append("  RTMP ").append(name).append("rtmp://").append(host).append(':').append(node.options().rtmpPort())
            .append("/live/").append(key.rtmpName()).append('?').append(token).append('\n');
      }
    }
    return out.append("Stop with Ctrl-C.\n").toString();
  }
}
