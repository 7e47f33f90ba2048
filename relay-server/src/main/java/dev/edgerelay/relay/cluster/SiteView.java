package dev.edgerelay.relay.cluster;

import dev.edgerelay.relay.cluster.ownership.Candidate;
import dev.edgerelay.relay.cluster.ownership.Rendezvous;
import dev.edgerelay.relay.cluster.ownership.StreamClaim;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The site as this node sees it at one moment, for the admin routes and metrics: the live members (join order),
 * members that left the view but are not yet confirmed dead, every node's {@code edge.nodes} record (dead ones
 * included) and the channels' claims as the origin rule reads them.
 *
 * @param self this node's name
 * @param live names of the live members, oldest first, this node included
 * @param suspects members that left the view and are being probed; their claims stand until they are confirmed dead
 * @param takeoversConfirmed members this node confirmed dead since it started
 */
public record SiteView(String self, List<String> live, Set<String> suspects, Map<String, NodeRecord> records,
    Map<String, StreamClaim> claims, long takeoversConfirmed) {
  public SiteView {
    live = List.copyOf(live);
    suspects = Set.copyOf(suspects);
    records = Map.copyOf(records);
    claims = Map.copyOf(claims);
  }

  /** A node alone: itself, with the record it would publish. */
  public static SiteView alone(NodeRecord self) {
    return new SiteView(self.name(), List.of(self.name()), Set.of(), Map.of(self.name(), self), Map.of(), 0);
  }

  /** A node the site has a record of that is neither live nor a suspect: dead, its record kept as it left it. */
  public boolean isDown(String name) {
    return records.containsKey(name) && !live.contains(name) && !suspects.contains(name);
  }

  /** The weighted rendezvous owner of {@code channel} over the ready set, ignoring claims; null when none is ready. */
  public String hrwOwner(String channel) {
    List<Candidate> ready = new ArrayList<>();
    for (String name : live) {
      NodeRecord record = records.get(name);
      if (record != null && record.takesChannels()) {
        ready.add(new Candidate(name, record.weight()));
      }
    }
    return ready.isEmpty() ? null : Rendezvous.owner(channel, ready);
  }
}
