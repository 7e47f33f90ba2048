package dev.edgerelay.relay.vod;

import dev.edgerelay.relay.cluster.SiteFanout;
import io.vertx.core.Future;
import java.util.Set;
import java.util.TreeSet;

/**
 * The other nodes holding parts of a recorded range, for the plays that serve only this node's part of it (MP4
 * export, RTMP rvod; docs/architecture.md "Cluster: VOD across nodes"): they answer for the local part and name
 * the rest, which a client fetches from those nodes.
 *
 * @param holders other nodes holding segments of the range, {@code name=host:port}, comma-separated; empty when none
 * @param unavailable nodes that did not answer in time (parts may be there too), comma-separated; empty when none
 */
public record RangeHolders(String holders, String unavailable) {
  /** Asks every node for its segments of {@code range}; never fails (a failed ask names nobody). */
  public static Future<RangeHolders> of(SiteFanout fanout, RangeName range) {
    return fanout.ask(HeldRecordings.TOPIC, SiteTimeline.request(range)).map(answers -> {
      Set<String> others = new TreeSet<>();
      for (SiteTimeline.HeldSegment s : SiteTimeline.withoutOverlaps(SiteTimeline.collect(answers))) {
        if (!s.node().equals(fanout.selfName())) {
          others.add(s.node() + "=" + fanout.httpOf(s.node()));
        }
      }
      return new RangeHolders(String.join(",", others), String.join(",", answers.missing()));
    }).otherwise(new RangeHolders("", ""));
  }

  /** What a message about this node's part adds: empty when this node holds the whole range. */
  public String sentence() {
    return (holders.isEmpty() ? "" : "; nodes " + holders + " hold parts of it: play or export those there")
        + (unavailable.isEmpty() ? "" : "; nodes " + unavailable + " did not answer");
  }
}
