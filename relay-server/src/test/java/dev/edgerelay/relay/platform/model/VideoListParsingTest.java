package dev.edgerelay.relay.platform.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Spec 6.2 answers in both shapes (API-NOTES "Wire names": the document's and the official clients'). */
class VideoListParsingTest {

  @Test
  void shouldReadTheDocumentShapeWithVideosUnderData() {
    JsonObject envelope = new JsonObject("""
        {"errno":0,"error":"succ",
         "data":{"videos":[{"videoid":"dafdafd","name":"dad","start":"2017-01-12 12:01:12",
                            "end":"2017-01-12 15:01:12","size":1234,"hls_url":"http://h/1.m3u8","rtmp_url":"rtmp://h/1"}]},
         "page_info":{"total_num":50,"page_total":25,"page_size":2,"current_page":1}}""");
    Page<Video> page = Video.pageFromEnvelope(envelope);
    assertThat(page.items()).containsExactly(new Video("dafdafd", "dad", "2017-01-12 12:01:12", "2017-01-12 15:01:12",
        1234, 0, "http://h/1.m3u8", "rtmp://h/1"));
    assertThat(page.info()).isEqualTo(new PageInfo(50, 25, 2, 1, null));
    assertThat(page.info().hasNext()).isTrue();
  }

  @Test
  void shouldReadTheClientShapeWithDataAsAnArray() {
    JsonObject envelope = new JsonObject("""
        {"errno":0,"error":"succ",
         "data":[{"videoid":7,"name":"n","start_time":"2018-01-01 00:00:00","end_time":"2018-01-01 00:10:00",
                  "size":"99","durtion":"600","hls_url":"u","rtmp_url":"r"}],
         "page_info":{"total_num":1,"page_total":1,"page_size":10,"current_page":1}}""");
    Page<Video> page = Video.pageFromEnvelope(envelope);
    assertThat(page.items()).containsExactly(new Video("7", "n", "2018-01-01 00:00:00", "2018-01-01 00:10:00",
        99, 600, "u", "r"));
    assertThat(page.info().hasNext()).isFalse();
  }

  @Test
  void shouldFindPageInfoInsideDataToo() {
    JsonObject envelope = new JsonObject("""
        {"errno":0,"data":{"videos":[],"page_info":{"total_num":0,"page_total":0,"page_size":5,"current_page":1}}}""");
    assertThat(Video.pageFromEnvelope(envelope).info()).isEqualTo(new PageInfo(0, 0, 5, 1, null));
  }

  @Test
  void shouldReadVideoInfoWithTheMisspeltDurationAndStringNumbers() {
    Video video = Video.fromJson(new JsonObject("""
        {"videoid":"v1","name":"dad","start":"a","end":"b","size":"1234","durtion":"12","hls_url":"h","rtmp_url":"r"}"""));
    assertThat(video.sizeKb()).isEqualTo(1234);
    assertThat(video.durationSeconds()).isEqualTo(12);
    assertThat(Video.fromJson(new JsonObject("{\"video_id\":\"v\",\"duration\":3}")).durationSeconds()).isEqualTo(3);
  }
}
