package dev.edgerelay.relay.platform.contract;

import static dev.edgerelay.relay.platform.contract.SimFixture.expectError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.testing.Await;
import dev.edgerelay.relay.platform.PlatformUrls;
import dev.edgerelay.relay.platform.model.Page;
import dev.edgerelay.relay.platform.model.Picture;
import dev.edgerelay.relay.platform.model.PictureQuery;
import dev.edgerelay.relay.platform.model.PictureUpload;
import dev.edgerelay.relay.platform.model.Video;
import dev.edgerelay.relay.platform.model.VideoDeletion;
import dev.edgerelay.relay.platform.model.VideoQuery;
import dev.edgerelay.relay.platform.model.VideoRef;
import dev.edgerelay.sim.http.SimError;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Spec 5 (pictures) and 6 (VOD) against the emulator, which seeds three recordings per channel. */
@ExtendWith(VertxExtension.class)
@Timeout(60)
class PictureAndVodContractTest {
  private static final int SEEDED_RECORDINGS = 3;
  private static SimFixture fx;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    fx = SimFixture.start(vertx, 3);
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
  }

  @Test
  void shouldUploadListDescribeFetchAndDeletePictures() throws Exception {
    String device = fx.camera(0);
    Buffer image = Buffer.buffer(new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, (byte) 0xFF, (byte) 0xD9});
    for (int i = 1; i <= 3; i++) {
      Await.result(fx.client.pictures().upload(new PictureUpload(device, 1, "jpg", "snap" + i, "shot " + i), image).toCompletionStage());
    }
    expectError(fx.client.pictures().upload(new PictureUpload(device, 1, "jpg", "snap1", null), image),
        SimError.PICTURE_NAME_TAKEN);

    Page<Picture> page = Await.result(fx.client.pictures().list(PictureQuery.all(device, 1, 2), 1).toCompletionStage());
    assertThat(page.items()).hasSize(2);
    assertThat(page.info().totalNum()).isEqualTo(3);
    List<Picture> all = Await.result(fx.client.pictures().listAll(PictureQuery.all(device, 1, 2)).toCompletionStage());
    assertThat(all).extracting(Picture::name).containsExactlyInAnyOrder("snap1", "snap2", "snap3");

    Picture info = Await.result(fx.client.pictures().info(device, 1, "snap2").toCompletionStage());
    assertThat(info.format()).isEqualTo("jpg");
    assertThat(info.size()).isEqualTo(image.length());
    assertThat(info.desc()).isEqualTo("shot 2");
    assertThat(Await.result(fx.client.pictures().fetch(info.url()).toCompletionStage())).isEqualTo(image);

    Await.result(fx.client.pictures().delete(device, 1, "snap2").toCompletionStage());
    expectError(fx.client.pictures().info(device, 1, "snap2"), SimError.PICTURE_NOT_FOUND);
    expectError(fx.client.pictures().delete(device, 1, "snap2"), SimError.PICTURE_NOT_FOUND);
  }

  @Test
  void shouldListSeededVideosPageByPageAndGiveInfoAndTokens() throws Exception {
    String device = fx.camera(1);
    Page<Video> first = Await.result(fx.client.vod().list(VideoQuery.all(device, 1, 1), 1).toCompletionStage());
    assertThat(first.items()).hasSize(1);
    assertThat(first.info().pageTotal()).isEqualTo(SEEDED_RECORDINGS);
    List<Video> all = Await.result(fx.client.vod().listAll(VideoQuery.all(device, 1, 1)).toCompletionStage());
    assertThat(all).hasSize(SEEDED_RECORDINGS).extracting(Video::videoId).doesNotHaveDuplicates();

    Video listed = all.get(0);
    VideoRef ref = new VideoRef(device, 1, listed.videoId());
    Video info = Await.result(fx.client.vod().info(ref, false).toCompletionStage());
    assertThat(info.name()).isEqualTo(listed.name());
    assertThat(info.durationSeconds()).isPositive();
    assertThat(info.sizeKb()).isEqualTo(listed.sizeKb());
    assertThat(info.hlsUrl()).startsWith("http://");
    assertThat(Await.result(fx.client.vod().info(ref, true).toCompletionStage()).hlsUrl()).startsWith("https://");

    String token = Await.result(fx.client.vod().playToken(ref).toCompletionStage());
    assertThat(token).isNotBlank();
    assertThat(PlatformUrls.vodHls(info.hlsUrl(), token)).endsWith("?token=" + token);
    assertThat(PlatformUrls.vodRtmp(info.rtmpUrl(), token)).endsWith("?" + token);
  }

  @Test
  void shouldFilterVideosByTime() throws Exception {
    String device = fx.camera(1);
    List<Video> all = Await.result(fx.client.vod().listAll(VideoQuery.all(device, 1, 10)).toCompletionStage());
    Video last = all.stream().max(java.util.Comparator.comparing(Video::start)).orElseThrow();
    java.time.LocalDateTime lastStart = java.time.LocalDateTime.parse(last.start(), VideoQuery.FILTER_TIME);
    List<Video> recent = Await.result(fx.client.vod().listAll(VideoQuery.all(device, 1, 10).between(lastStart, null)).toCompletionStage());
    assertThat(recent).extracting(Video::videoId).containsExactly(last.videoId());
  }

  @Test
  void shouldRenameAndDeleteVideosWithOneResultPerId() throws Exception {
    String device = fx.camera(2);
    List<Video> videos = Await.result(fx.client.vod().listAll(VideoQuery.all(device, 1, 10)).toCompletionStage());
    VideoRef ref = new VideoRef(device, 1, videos.get(0).videoId());
    Await.result(fx.client.vod().rename(ref, "renamed").toCompletionStage());
    assertThat(Await.result(fx.client.vod().info(ref, false).toCompletionStage()).name()).isEqualTo("renamed");

    List<VideoDeletion> results = Await.result(fx.client.vod().delete(device, 1, List.of(ref.videoId(),
        "no-such-video")).toCompletionStage());
    assertThat(results).containsExactly(new VideoDeletion(ref.videoId(), 0, null),
        new VideoDeletion("no-such-video", 1, "not exist"));
    expectError(fx.client.vod().info(ref, false), SimError.VIDEO_NOT_FOUND);
    expectError(fx.client.vod().playToken(ref), SimError.VIDEO_NOT_FOUND);
    expectError(fx.client.vod().rename(ref, "again"), SimError.VIDEO_NOT_FOUND);
  }
}
