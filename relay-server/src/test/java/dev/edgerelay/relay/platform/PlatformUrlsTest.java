package dev.edgerelay.relay.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgerelay.relay.platform.model.PlayAddress;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

/** The URL shapes of spec 4.1 to 4.3 and 6.1, against the examples in the spec and API-NOTES. */
class PlatformUrlsTest {
  private static final PlayAddress RTMP = new PlayAddress("183.230.40.39:1935", "tok+en/1", "rtmp", null);
  private static final PlayAddress HLS = new PlayAddress("183.230.40.39:8080", "abc", "http", "183.230.40.40:8081");

  @Test
  void shouldAppendTheTokenRawToLiveRtmp() {
    assertThat(PlatformUrls.liveRtmp(RTMP, "2162826", 2)).isEqualTo("rtmp://183.230.40.39:1935/live/2162826-2?tok+en/1");
    assertThat(PlatformUrls.liveRtmp(new PlayAddress("h:1", "t", "rtmpe", null), "1", 3)).isEqualTo("rtmpe://h:1/live/1-3?t");
  }

  @Test
  void shouldWriteRvodTimesWithFourteenDigits() {
    String url = PlatformUrls.rvodRtmp(RTMP, "2162826", 2, LocalDateTime.of(2017, 11, 13, 15, 30),
        LocalDateTime.of(2017, 11, 13, 15, 40, 5));
    assertThat(url).isEqualTo("rtmp://183.230.40.39:1935/rvod/2162826-2-20171113153000-20171113154005?tok+en/1");
  }

  @Test
  void shouldRefuseAnRvodRangeThatEndsBeforeItBegins() {
    LocalDateTime t = LocalDateTime.of(2020, 1, 1, 0, 0);
    assertThatThrownBy(() -> PlatformUrls.rvodRtmp(RTMP, "1", 1, t, t)).hasMessageContaining("must be after");
  }

  @Test
  void shouldReadRvodTimesOfTwelveAndFourteenDigits() {
    assertThat(PlatformUrls.parseRvodTime("201711131530")).isEqualTo(LocalDateTime.of(2017, 11, 13, 15, 30));
    assertThat(PlatformUrls.parseRvodTime("20171113153007")).isEqualTo(LocalDateTime.of(2017, 11, 13, 15, 30, 7));
    assertThatThrownBy(() -> PlatformUrls.parseRvodTime("2017111315")).hasMessageContaining("12 or 14");
    assertThatThrownBy(() -> PlatformUrls.parseRvodTime("20171399153007")).hasMessageContaining("yyyyMMdd");
  }

  @Test
  void shouldBuildLiveHlsWithTheRawToken() {
    assertThat(PlatformUrls.liveHls(HLS, "2162826", 2))
        .isEqualTo("http://183.230.40.39:8080/live/live_2162826_2/index.m3u8?abc");
    assertThat(PlatformUrls.liveHls(new PlayAddress("h:443", "t", "https", null), "1", 1))
        .isEqualTo("https://h:443/live/live_1_1/index.m3u8?t");
  }

  @Test
  void shouldBuildPreloadWithTokenAndBoundedIdleTime() {
    assertThat(PlatformUrls.preload(HLS, "5", 1, 120)).isEqualTo("http://183.230.40.39:8080/live/live_5_1/preload?token=abc&idle_time=120");
    assertThatThrownBy(() -> PlatformUrls.preload(HLS, "5", 1, 121)).hasMessageContaining("idle_time must be in [1, 120]");
    assertThatThrownBy(() -> PlatformUrls.preload(HLS, "5", 1, 0)).hasMessageContaining("idle_time");
  }

  @Test
  void shouldBuildThumbnailOnCoverAddrAndFallBackToAddr() {
    assertThat(PlatformUrls.thumbnail(HLS, "5", 2)).isEqualTo("http://183.230.40.40:8081/live_preview/5_2?token=abc");
    assertThat(PlatformUrls.thumbnail(RTMP, "5", 2))
        .as("no coveraddr in the older revision; the token is URL-encoded as a parameter")
        .isEqualTo("http://183.230.40.39:1935/live_preview/5_2?token=tok%2Ben%2F1");
  }

  @Test
  void shouldAddVodTokensAsSpec61Says() {
    assertThat(PlatformUrls.vodHls("http://h/v/1.m3u8", "t=1")).isEqualTo("http://h/v/1.m3u8?token=t%3D1");
    assertThat(PlatformUrls.vodHls("http://h/v/1.m3u8?a=b", "t")).isEqualTo("http://h/v/1.m3u8?a=b&token=t");
    assertThat(PlatformUrls.vodRtmp("rtmp://h/vod/1", "t=1")).isEqualTo("rtmp://h/vod/1?t=1");
  }
}
