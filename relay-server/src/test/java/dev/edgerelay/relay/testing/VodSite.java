package dev.edgerelay.relay.testing;

import dev.edgerelay.media.testing.Await;
import dev.edgerelay.relay.cluster.NodeRecord;
import dev.edgerelay.relay.cluster.Ownership;
import dev.edgerelay.relay.cluster.SingleNode;
import dev.edgerelay.relay.cluster.SiteFanout;
import dev.edgerelay.relay.cluster.SiteView;
import dev.edgerelay.relay.http.NodeAddress;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A site of nodes on one Vert.x (one event bus) for the VOD fan-out: every member is the origin of whatever it serves
 * (each pulls on its own; the VOD paths do not care who the origin is), and {@link #site()} lists the members with
 * the addresses they advertised, as the shared state would carry them. A member can be listed without being a node
 * ({@link #list}): one frozen, or gone without the site having noticed yet.
 */
public final class VodSite {
  private final List<String> live = new CopyOnWriteArrayList<>();
  private final Map<String, NodeRecord> records = new ConcurrentHashMap<>();

  public Ownership member(String name) {
    live.add(name);
    return new Member(name);
  }

  /** {@code name} is a live, ready member at {@code address}, whatever answers at its event-bus addresses. */
  public void list(String name, NodeAddress address) {
    live.add(name);
    records.put(name, NodeRecord.of(name, address, 1, true, "", "", List.of()));
  }

  /**
   * Lists {@code name} as a live, ready member whose {@code topic} questions the event bus delivers and nobody
   * answers (a stopped process); closing it forgets the member and stops listening.
   */
  public AutoCloseable silent(Vertx vertx, String name, String topic) {
    MessageConsumer<Object> nobody = vertx.eventBus().consumer(SiteFanout.address(name, topic), message -> { });
    list(name, new NodeAddress("127.0.0.1", 9, 9));
    return () -> {
      forget(name);
      Await.result(nobody.unregister().toCompletionStage());
    };
  }

  /** {@code name} left the view and the site marked it down. */
  public void down(String name) {
    live.remove(name);
    records.computeIfPresent(name, (n, r) -> r.down(System.currentTimeMillis()));
  }

  /** {@code name} is no member any more (a decommissioned node). */
  public void forget(String name) {
    live.remove(name);
    records.remove(name);
  }

  /** Its own origin for everything, as a node alone; the site it sees is this one. */
  private final class Member extends SingleNode {
    Member(String name) {
      super(name);
    }

    @Override
    public void advertise(NodeAddress address, boolean ready) {
      super.advertise(address, ready);
      records.put(selfName(), NodeRecord.of(selfName(), address, 1, ready, "", "", List.of()));
    }

    @Override
    public int members() {
      return live.size();
    }

    @Override
    public SiteView site() {
      return new SiteView(selfName(), live, Set.of(), records, Map.of(), 0);
    }
  }
}
