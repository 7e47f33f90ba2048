package dev.edgerelay.relay.cluster;

import dev.edgerelay.relay.cluster.ownership.OriginKind;
import dev.edgerelay.relay.http.NodeAddress;
import dev.edgerelay.relay.hub.StreamKey;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A node without {@code --cluster}: the origin of every channel it serves, with no peers to tell. Its recording
 * intents are its own, with the same last-writer-wins rule as a site's. Tests extend it for a member of a site
 * whose live path does not matter to them.
 */
public class SingleNode implements Ownership {
  private final String name;
  private final Map<String, RecordingIntent> intents = new ConcurrentHashMap<>();
  private final List<Map.Entry<Context, Runnable>> listeners = new CopyOnWriteArrayList<>();
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
    // alone, the origin never moves: listeners hear of intents only
    Context caller = Vertx.currentContext();
    listeners.add(Map.entry(caller, listener));
  }

  @Override
  public Map<String, RecordingIntent> intents() {
    return Map.copyOf(intents);
  }

  @Override
  public Future<Void> offerIntent(String channel, RecordingIntent intent) {
    boolean[] changed = {false};
    intents.compute(channel, (k, current) -> {
      changed[0] = intent.newerThan(current);
      return changed[0] ? intent : current;
    });
    if (changed[0]) {
      listeners.forEach(l -> {
        if (l.getKey() == null) {
          l.getValue().run();
        } else {
          l.getKey().runOnContext(v -> l.getValue().run());
        }
      });
    }
    return Future.succeededFuture();
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
