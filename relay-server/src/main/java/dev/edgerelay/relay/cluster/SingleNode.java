package dev.edgerelay.relay.cluster;

import dev.edgerelay.relay.cluster.ownership.OriginKind;
import dev.edgerelay.relay.http.NodeAddress;
import dev.edgerelay.relay.hub.StreamKey;
import io.vertx.core.Future;

/**
 * A node without {@code --cluster}: the origin of every channel it serves, with no peers to tell. Tests extend it
 * for a member of a site whose live path does not matter to them.
 */
public class SingleNode implements Ownership {
  private final String name;
  private volatile NodeAddress address;
  private volatile boolean ready;

  public SingleNode(String name) {
    this.name = name;
  }

  @Override
  public String selfName() {
    return name;
  }

  @Override
  public Origin originOf(StreamKey key) {
    return new Origin(name, address, true);
  }

  @Override
  public void claim(StreamKey key, OriginKind kind) {
  }

  @Override
  public void release(StreamKey key) {
  }

  @Override
  public void advertise(NodeAddress address, boolean ready) {
    this.address = address;
    this.ready = ready;
  }

  @Override
  public SiteView site() {
    return SiteView.alone(NodeRecord.of(name, address, 1, ready, "", "", java.util.List.of()));
  }

  @Override
  public void onChange(Runnable listener) {
    // alone, the origin never moves
  }

  @Override
  public int members() {
    return 1;
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }
}
