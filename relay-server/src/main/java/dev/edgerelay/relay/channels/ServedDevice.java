package dev.edgerelay.relay.channels;

import dev.edgerelay.relay.platform.model.Channel;
import dev.edgerelay.relay.platform.model.Device;
import java.util.List;
import java.util.Set;

/** A device this edge serves, as the platform last described it: its channels and its own api-keys. */
public record ServedDevice(Device device, List<Channel> channels, Set<String> keys) {
  public String id() {
    return device.id();
  }

  public boolean online() {
    return device.online();
  }

  public Channel channel(int channelId) {
    for (Channel c : channels) {
      if (c.channelId() == channelId) {
        return c;
      }
    }
    return null;
  }
}
