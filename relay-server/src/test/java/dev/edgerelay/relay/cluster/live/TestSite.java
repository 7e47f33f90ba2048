package dev.edgerelay.relay.cluster.live;

import dev.edgerelay.relay.cluster.NodeRecord;
import dev.edgerelay.relay.cluster.Origin;
import dev.edgerelay.relay.cluster.Ownership;
import dev.edgerelay.relay.cluster.SiteView;
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
 * A site whose origins the test decides: every channel's origin is one node ({@link #moveOriginsTo}), unless a
 * channel is given its own ({@link #setOrigin}); each member's {@link Ownership} answers from it and hears of
 * every change. Members advertise their addresses here as the cluster's shared state would carry them.
 */
final class TestSite {
  private final Map<String, NodeAddress> addresses = new ConcurrentHashMap<>();
  private final Map<StreamKey, String> ownOrigins = new ConcurrentHashMap<>();
  /** Claims as the shared state would hold them: channel -> node and kind. */
  final Map<StreamKey, String> claims = new ConcurrentHashMap<>();
  /** Every release, as "{node} {channel}", in order. */
  final List<String> releases = new CopyOnWriteArrayList<>();
  private final List<Member> members = new CopyOnWriteArrayList<>();
  /** Nodes the site saw die, and when: their records are kept, marked down, as the shared state would keep them. */
  private final Map<String, Long> downSince = new ConcurrentHashMap<>();
  private volatile String origin;

  TestSite(String origin) {
    this.origin = origin;
  }

  Ownership member(String name) {
    Member member = new Member(name);
    members.add(member);
    return member;
  }

  /** Every channel without its own origin now has {@code node} as its origin; members hear of it. */
  void moveOriginsTo(String node) {
    origin = node;
    members.forEach(Member::changed);
  }

  /** {@code key}'s origin is {@code node} (which may be no member at all: a node that is gone). */
  void setOrigin(StreamKey key, String node) {
    ownOrigins.put(key, node);
    members.forEach(Member::changed);
  }

  /** {@code node} died at {@code millis} as the members' views tell it (0: it is up again). */
  void markDown(String node, long millis) {
    if (millis == 0) {
      downSince.remove(node);
    } else {
      downSince.put(node, millis);
    }
  }

  private final class Member implements Ownership {
    private final String name;
    private final List<Map.Entry<Context, Runnable>> listeners = new CopyOnWriteArrayList<>();

    Member(String name) {
      this.name = name;
    }

    void changed() {
      listeners.forEach(l -> l.getKey().runOnContext(v -> l.getValue().run()));
    }

    @Override
    public String selfName() {
      return name;
    }

    @Override
    public Origin originOf(StreamKey key) {
      String node = ownOrigins.getOrDefault(key, origin);
      return new Origin(node, addresses.get(node), node.equals(name));
    }

    @Override
    public void claim(StreamKey key, OriginKind kind) {
      claims.put(key, name + " " + kind);
    }

    @Override
    public void release(StreamKey key) {
      releases.add(name + " " + key);
      claims.remove(key, name + " " + OriginKind.PULL);
      claims.remove(key, name + " " + OriginKind.LAN_PUBLISH);
    }

    @Override
    public void advertise(NodeAddress address, boolean ready) {
      if (ready) {
        addresses.put(name, address);
      } else {
        addresses.remove(name, address);
      }
    }

    @Override
    public SiteView site() {
      Map<String, NodeRecord> records = new ConcurrentHashMap<>();
      downSince.forEach((node, since) -> records.put(node,
          NodeRecord.of(node, addresses.get(node), 1, false, "", "", List.of()).down(since)));
      List<String> live = members.stream().map(m -> m.name).filter(n -> !downSince.containsKey(n)).toList();
      return new SiteView(name, live, java.util.Set.of(), records, Map.of(), 0);
    }

    @Override
    public void onChange(Runnable listener) {
      listeners.add(Map.entry(Vertx.currentContext(), listener));
    }

    @Override
    public int members() {
      return members.size();
    }

    @Override
    public Future<Void> close() {
      return Future.succeededFuture();
    }
  }
}
