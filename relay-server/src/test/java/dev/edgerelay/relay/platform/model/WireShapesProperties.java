package dev.edgerelay.relay.platform.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.relay.platform.PlatformUrls;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDateTime;
import java.util.Base64;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Properties over generated answers: both 6.2 shapes read alike, base64 and rvod times round-trip. */
class WireShapesProperties {

  @Provide
  Arbitrary<Video> videos() {
    Arbitrary<String> text = Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(12);
    Arbitrary<String> times = Arbitraries.integers().between(0, 1_000_000)
        .map(s -> VideoQuery.FILTER_TIME.format(LocalDateTime.of(2020, 1, 1, 0, 0).plusSeconds(s)));
    return Combinators.combine(text, text, times, times, Arbitraries.longs().between(0, 1L << 40),
        Arbitraries.longs().between(0, 86_400), text, text)
        .as((id, name, start, end, size, duration, hls, rtmp) -> new Video(id, name, start, end, size, duration,
            "http://h/" + hls, "rtmp://h/" + rtmp));
  }

  @Provide
  Arbitrary<List<Video>> videoPages() {
    return videos().list().ofMaxSize(20);
  }

  @Property(tries = 200)
  void bothVideoListShapesReadTheSameVideos(@ForAll("videoPages") List<Video> videos) {
    JsonArray documentShape = new JsonArray();
    JsonArray clientShape = new JsonArray();
    for (Video v : videos) {
      documentShape.add(new JsonObject().put("videoid", v.videoId()).put("name", v.name()).put("start", v.start())
          .put("end", v.end()).put("size", v.sizeKb()).put("durtion", Long.toString(v.durationSeconds()))
          .put("hls_url", v.hlsUrl()).put("rtmp_url", v.rtmpUrl()));
      clientShape.add(new JsonObject().put("videoid", v.videoId()).put("name", v.name()).put("start_time", v.start())
          .put("end_time", v.end()).put("size", Long.toString(v.sizeKb())).put("duration", v.durationSeconds())
          .put("hls_url", v.hlsUrl()).put("rtmp_url", v.rtmpUrl()));
    }
    JsonObject pageInfo = new JsonObject().put("total_num", videos.size()).put("page_total", 1)
        .put("page_size", 20).put("current_page", 1);
    Page<Video> fromDocument = Video.pageFromEnvelope(new JsonObject().put("errno", 0)
        .put("data", new JsonObject().put("videos", documentShape)).put("page_info", pageInfo));
    Page<Video> fromClients = Video.pageFromEnvelope(new JsonObject().put("errno", 0).put("data", clientShape)
        .put("page_info", pageInfo));
    assertThat(fromDocument.items()).isEqualTo(videos);
    assertThat(fromClients.items()).isEqualTo(videos);
    assertThat(fromClients.info()).isEqualTo(fromDocument.info());
  }

  @Property(tries = 200)
  void base64PayloadsDecodeToTheBytesSent(@ForAll @Size(max = 512) byte[] payload) {
    String encoded = Base64.getEncoder().encodeToString(payload);
    assertThat(WireFields.base64(encoded, "msg")).isEqualTo(payload);
    assertThat(DeviceMessage.fromJson(new JsonObject().put("msg", encoded)).msg()).isEqualTo(payload);
  }

  @Property(tries = 200)
  void rvodTimesRoundTripAtSecondPrecision(@ForAll("instants") LocalDateTime time) {
    assertThat(PlatformUrls.parseRvodTime(PlatformUrls.RVOD_TIME.format(time))).isEqualTo(time);
    assertThat(PlatformUrls.parseRvodTime(PlatformUrls.RVOD_TIME_MINUTES.format(time))).isEqualTo(time.withSecond(0));
  }

  @Provide
  Arbitrary<LocalDateTime> instants() {
    return Arbitraries.longs().between(0, 40L * 365 * 86_400).map(s -> LocalDateTime.of(2000, 1, 1, 0, 0).plusSeconds(s));
  }
}
