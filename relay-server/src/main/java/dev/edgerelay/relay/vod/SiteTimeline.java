package dev.edgerelay.relay.vod;

import dev.edgerelay.media.hls.MediaPlaylist;
import dev.edgerelay.media.hls.PlaylistSegment;
import dev.edgerelay.recorder.vod.VodPlaylists;
import dev.edgerelay.relay.cluster.SiteFanout;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * One channel's recorded time range as every node of the site holds it, merged by time for an rvod playlist
 * (spec 4.1 rvod across nodes, docs/architecture.md "Cluster: VOD across nodes"). A handoff records a moment on two
 * nodes (the new owner starts before the old one stops), so a segment mostly covered by one already chosen is left
 * out; a gap, a source restart and a change of node are each an {@code EXT-X-DISCONTINUITY}, because the next
 * segment's timestamps do not continue the previous one's.
 */
final class SiteTimeline {
  /** One segment and the node holding it. */
  record HeldSegment(String node, long startMillis, long durationMillis, boolean discontinuity) {
    long endMillis() {
      return startMillis + durationMillis;
    }
  }

  private SiteTimeline() {}

  /** Every node's segments, in start order; ties keep the answers' order (this node first). */
  static List<HeldSegment> collect(SiteFanout.Answers answers) {
    List<HeldSegment> all = new ArrayList<>();
    answers.byNode().forEach((node, answer) -> {
      JsonArray segments = answer.getJsonArray("segments");
      for (int i = 0; i < segments.size(); i++) {
        JsonArray s = segments.getJsonArray(i);
        all.add(new HeldSegment(node, s.getLong(0), s.getLong(1), s.getBoolean(2)));
      }
    });
    all.sort(Comparator.comparingLong(HeldSegment::startMillis));
    return all;
  }

  /** Drops each segment more than half of which the segments chosen before it already cover. */
  static List<HeldSegment> withoutOverlaps(List<HeldSegment> sorted) {
    List<HeldSegment> chosen = new ArrayList<>(sorted.size());
    long coveredUntil = Long.MIN_VALUE;
    for (HeldSegment s : sorted) {
      long covered = Math.max(0, Math.min(s.endMillis(), coveredUntil) - s.startMillis());
      if (covered * 2 > s.durationMillis()) {
        continue;
      }
      chosen.add(s);
      coveredUntil = Math.max(coveredUntil, s.endMillis());
    }
    return chosen;
  }

  /** The VOD playlist over {@code chosen}, each segment at {@code uri}. */
  static MediaPlaylist playlist(List<HeldSegment> chosen, Function<HeldSegment, String> uri) {
    List<PlaylistSegment> lines = new ArrayList<>(chosen.size());
    HeldSegment previous = null;
    for (HeldSegment s : chosen) {
      boolean discontinuity = previous != null && (s.discontinuity() || !s.node().equals(previous.node())
          || Math.abs(s.startMillis() - previous.endMillis()) > VodPlaylists.GAP_TOLERANCE_MILLIS);
      lines.add(new PlaylistSegment(uri.apply(s), s.durationMillis() * 90, discontinuity, s.startMillis(), true));
      previous = s;
    }
    return MediaPlaylist.vod(lines);
  }

  /** The fan-out request for the segments of {@code [from, to)}. */
  static JsonObject request(RangeName range) {
    return HeldRecordings.request("segments", range.channel()).put("from", range.range().fromMillis())
        .put("to", range.range().toMillis());
  }
}
