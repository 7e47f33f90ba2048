package dev.edgerelay.relay.vod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.edgerelay.media.hls.MediaPlaylist;
import dev.edgerelay.media.hls.PlaylistSegment;
import dev.edgerelay.relay.cluster.SiteFanout;
import dev.edgerelay.relay.vod.SiteTimeline.HeldSegment;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The merge of several nodes' segments into one rvod timeline (spec 4.1 rvod across nodes). */
class SiteTimelineTest {
  static JsonObject held(long[]... segments) {
    JsonArray list = new JsonArray();
    for (long[] s : segments) {
      list.add(new JsonArray().add(s[0]).add(s[1]).add(s.length > 2 && s[2] == 1));
    }
    return new JsonObject().put("segments", list);
  }

  static List<HeldSegment> merged(Map<String, JsonObject> byNode) {
    return SiteTimeline.withoutOverlaps(SiteTimeline.collect(new SiteFanout.Answers(byNode, List.of())));
  }

  @Test
  void shouldDropTheNewOwnersFirstSegmentMostlyCoveredByTheOldOwnersLastAfterAHandoff() {
    Map<String, JsonObject> byNode = new LinkedHashMap<>();
    // GIVEN a recorded 0-6 s and 6-9.5 s (stopped during the handoff); b from 7 s on, 2 s segments
    byNode.put("a", held(new long[] {0, 6_000}, new long[] {6_000, 3_500}));
    byNode.put("b", held(new long[] {7_000, 2_000}, new long[] {9_000, 2_000}, new long[] {11_000, 2_000}));

    List<HeldSegment> chosen = merged(byNode);

    assertThat(chosen).extracting(HeldSegment::node, HeldSegment::startMillis).containsExactly(
        tuple("a", 0L), tuple("a", 6_000L),
        tuple("b", 9_000L), tuple("b", 11_000L));
  }

  @Test
  void shouldMarkADiscontinuityAtEachNodeChangeEachGapAndEachSourceRestartOnly() {
    Map<String, JsonObject> byNode = new LinkedHashMap<>();
    byNode.put("a", held(new long[] {0, 2_000}, new long[] {2_000, 2_000}, new long[] {20_000, 2_000},
        new long[] {22_000, 2_000, 1}));
    byNode.put("b", held(new long[] {4_000, 2_000}, new long[] {6_000, 2_000}));

    MediaPlaylist playlist = SiteTimeline.playlist(merged(byNode), s -> s.node() + "/" + s.startMillis() + ".ts");

    assertThat(playlist.segments()).extracting(PlaylistSegment::uri).containsExactly("a/0.ts", "a/2000.ts", "b/4000.ts",
        "b/6000.ts", "a/20000.ts", "a/22000.ts");
    assertThat(playlist.segments()).extracting(PlaylistSegment::discontinuity)
        .containsExactly(false, false, true, false, true, true); // node change; node change and gap; restart
  }
}
