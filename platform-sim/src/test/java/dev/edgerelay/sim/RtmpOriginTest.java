package dev.edgerelay.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgerelay.media.rtmp.RtmpConfig;
import dev.edgerelay.media.rtmp.client.RtmpClient;
import dev.edgerelay.media.rtmp.client.RtmpClientException;
import dev.edgerelay.media.rtmp.message.NetStatus;
import dev.edgerelay.media.testing.Eventually;
import dev.edgerelay.sim.rtmp.RtmpOrigin;
import dev.edgerelay.sim.server.PlatformSim;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The RTMP origin with one pattern camera device (two channels, two encoder threads): real RTMP on loopback,
 * played by the media module's RtmpClient and by FFmpeg (JavaCV); tokens, the drop and stall faults, offline
 * devices.
 */
class RtmpOriginTest extends SimTestBase {
  /** The pattern camera's frame interval at its 25 fps: video timestamps step by 40 ms (FLV milliseconds). */
  private static final long FRAME_MILLIS = 40;
  private RtmpClient client;
  private String device;

  @Override
  protected SimOptions options() {
    return new SimOptions().setHttpPort(0).setRtmpPort(0).setClock(clock).setCameras(1)
        .setCameraMode(CameraMode.PATTERN);
  }

  @BeforeAll
  void startClient() throws Exception {
    client = RtmpClient.create(RtmpConfig.defaults());
    device = sim.state().devices().get(0).id();
    Eventually.until("both cameras publishing", Duration.ofSeconds(10), () -> sim.state().stats().pushes().size() == 2);
  }

  /**
   * Each test starts with no player left by the one before: the origin lists a viewer until it sees the connection
   * close, which a loaded machine may do only after the next test asked getonlinelist or dropped a channel.
   */
  @BeforeEach
  void awaitNoViewers() throws Exception {
    Eventually.until("no viewers left", Duration.ofSeconds(10), () -> sim.state().stats().viewers().isEmpty());
  }

  @AfterAll
  void stopClient() {
    client.close();
  }

  private String token(int channel) {
    JsonObject data = api.get("/ipc/video/play_address?device_id=" + device + "&channel_id=" + channel
        + "&protocol_type=0").assertOk().data();
    assertThat(data.getString("addr")).isEqualTo("127.0.0.1:" + sim.rtmpPort());
    return data.getString("accessToken");
  }

  @Test
  void shouldServeCameraWithKeyframesEveryTwoSecondsAtTwentyFiveFps() throws Exception {
    try (RtmpProbe probe = RtmpProbe.play(client, RtmpProbe.url(sim, device, 1, token(1)), 4_100)) {
      probe.pull().started().get(10, TimeUnit.SECONDS);
      JsonObject viewer = api.get("/ipc/video/stat/getonlinelist?product_id=100001&protocoltype=RTMP")
          .assertOk().json().getJsonArray("result").getJsonObject(0);
      assertThat(viewer.getString("clientip")).isEqualTo("127.0.0.1");
      assertThat(viewer.getInteger("channelid")).isEqualTo(1);
      assertThat(viewer.getString("resolution")).isEqualTo("640 * 360");
      JsonObject push = api.get("/ipc/video/stat/getpushlist?product_id=100001").assertOk().json()
          .getJsonArray("result").getJsonObject(0);
      assertThat(push.getString("videocodec")).isEqualTo("H264");
      assertThat(push.getInteger("fps")).isEqualTo(25);
      probe.enough().get(20, TimeUnit.SECONDS);
      List<RtmpProbe.Seen> video = probe.videoFrames();
      assertThat(probe.seen()).filteredOn(RtmpProbe.Seen::sequenceHeader).extracting(RtmpProbe.Seen::video)
          .contains(true, false);
      assertThat(video.get(0).keyframe()).as("first frame a player gets").isTrue();
      List<Long> keyframes = video.stream().filter(RtmpProbe.Seen::keyframe).map(RtmpProbe.Seen::timestamp).toList();
      assertThat(keyframes).hasSizeGreaterThanOrEqualTo(3);
      for (int i = 1; i < keyframes.size(); i++) {
        assertThat(keyframes.get(i) - keyframes.get(i - 1)).as("GOP %s", keyframes).isBetween(1960L, 2040L);
      }
      long span = video.get(video.size() - 1).timestamp() - video.get(0).timestamp();
      double fps = (video.size() - 1) * 1000.0 / span;
      assertThat(fps).isBetween(24.0, 26.0);
      assertThat(probe.audioFrames()).as("AAC tone").hasSizeGreaterThan((int) (span / 1000 * 40));
    }
    Eventually.until("the viewer gone", Duration.ofSeconds(5), () -> sim.state().stats().viewers().isEmpty());
  }

  @Test
  void shouldDecodeWithFfmpeg() throws Exception {
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(RtmpProbe.url(sim, device, 2, token(2)))) {
      grabber.setOption("rw_timeout", "10000000");
      grabber.start();
      int images = 0;
      int audio = 0;
      List<Long> times = new ArrayList<>();
      Frame frame;
      while (images < 30 && (frame = grabber.grab()) != null) {
        if (frame.image != null) {
          assertThat(frame.imageWidth).isEqualTo(640);
          assertThat(frame.imageHeight).isEqualTo(360);
          times.add(frame.timestamp);
          images++;
        } else if (frame.samples != null) {
          audio++;
        }
      }
      assertThat(images).isEqualTo(30);
      assertThat(audio).isPositive();
      assertThat(grabber.getImageWidth()).isEqualTo(640);
      assertThat(grabber.getFrameRate()).isBetween(24.0, 26.0);
      assertThat(times.get(times.size() - 1) - times.get(0)).as("microseconds of 29 frames").isBetween(1_100_000L,
          1_220_000L);
    }
  }

  @Test
  void shouldRejectExpiredForeignAndMissingTokens() throws Exception {
    String other = token(2);
    assertRejected(RtmpProbe.url(sim, device, 1, other));
    assertRejected(RtmpProbe.url(sim, device, 1, "").replace("?", ""));
    String fresh = token(1);
    api.call(HttpMethod.POST, "/sim/tokens/expire", null, null).assertOk();
    assertRejected(RtmpProbe.url(sim, device, 1, fresh));
    try (RtmpProbe probe = RtmpProbe.play(client, RtmpProbe.url(sim, device, 1, token(1)), 0)) {
      probe.pull().started().get(10, TimeUnit.SECONDS);
    }
  }

  private void assertRejected(String url) {
    try (RtmpProbe probe = RtmpProbe.play(client, url, 0)) {
      assertThatThrownBy(() -> probe.pull().started().get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class).cause().isInstanceOfSatisfying(RtmpClientException.class, e -> {
            assertThat(e.reason()).isEqualTo(RtmpClientException.Reason.REJECTED);
            assertThat(e.statusCode()).isEqualTo(NetStatus.PLAY_FAILED);
          });
    }
  }

  @Test
  void shouldDropPlayerConnections() throws Exception {
    try (RtmpProbe one = RtmpProbe.play(client, RtmpProbe.url(sim, device, 1, token(1)), 0);
        RtmpProbe two = RtmpProbe.play(client, RtmpProbe.url(sim, device, 2, token(2)), 0)) {
      one.enough().get(10, TimeUnit.SECONDS);
      two.enough().get(10, TimeUnit.SECONDS);
      JsonObject answer = api.call(HttpMethod.POST, "/sim/rtmp/drop?device_id=" + device + "&channel_id=1", null,
          null).assertOk().data();
      assertThat(answer.getInteger("dropped")).isEqualTo(1);
      one.pull().finished().handle((v, e) -> null).get(10, TimeUnit.SECONDS);
      assertThat(two.pull().finished()).isNotDone();
      Eventually.until("one viewer left", Duration.ofSeconds(5), () -> sim.state().stats().viewers().size() == 1);
      assertThat(api.call(HttpMethod.POST, "/sim/rtmp/drop", null, null).assertOk().data().getInteger("dropped"))
          .isEqualTo(1);
      two.pull().finished().handle((v, e) -> null).get(10, TimeUnit.SECONDS);
    }
  }

  /**
   * {@code GET /sim/rtmp/players} and {@link PlatformSim#rtmpPlays()}: per stream, the players connected now and
   * every one admitted since the start; a refused player is not counted.
   */
  @Test
  void shouldCountPlayersPerStream() throws Exception {
    String one = RtmpOrigin.streamName(device, 1);
    long before = sim.rtmpPlays().getOrDefault(one, new StreamPlays(0, 0)).admitted();
    assertRejected(RtmpProbe.url(sim, device, 1, token(2)));
    try (RtmpProbe first = RtmpProbe.play(client, RtmpProbe.url(sim, device, 1, token(1)), 0);
        RtmpProbe second = RtmpProbe.play(client, RtmpProbe.url(sim, device, 1, token(1)), 0)) {
      first.pull().started().get(10, TimeUnit.SECONDS);
      second.pull().started().get(10, TimeUnit.SECONDS);
      assertThat(sim.rtmpPlays().get(one)).isEqualTo(new StreamPlays(2, before + 2));
      JsonObject counted = api.get("/sim/rtmp/players", null).assertOk().data().getJsonObject(one);
      assertThat(counted.getInteger("playing")).isEqualTo(2);
      assertThat(counted.getLong("admitted")).isEqualTo(before + 2);
    }
    Eventually.until("both players gone", Duration.ofSeconds(10), () -> sim.rtmpPlays().get(one).playing() == 0);
    assertThat(sim.rtmpPlays().get(one).admitted()).as("closed players stay counted").isEqualTo(before + 2);
  }

  /**
   * The stall fault: media stops for its duration while the connection stays open, then flows again on the same
   * connection; an open-ended stall lasts until {@code DELETE /sim/rtmp/stall}. The other channel never stalls.
   */
  @Test
  void shouldStallMediaWithTheConnectionLeftOpen() throws Exception {
    try (RtmpProbe one = RtmpProbe.play(client, RtmpProbe.url(sim, device, 1, token(1)), 0);
        RtmpProbe two = RtmpProbe.play(client, RtmpProbe.url(sim, device, 2, token(2)), 0)) {
      one.enough().get(10, TimeUnit.SECONDS);
      two.enough().get(10, TimeUnit.SECONDS);
      long stallMs = 1_500;
      long before = System.nanoTime();
      JsonObject answer = api.call(HttpMethod.POST, "/sim/rtmp/stall?device_id=" + device + "&channel_id=1&duration_ms="
          + stallMs, null, null).assertOk().data();
      assertThat(answer.getInteger("stalled")).isEqualTo(1);
      long end = before + TimeUnit.MILLISECONDS.toNanos(stallMs);
      for (RtmpProbe p : List.of(one, two)) {
        Eventually.until("frames after the stall", Duration.ofSeconds(10),
            () -> p.seen().stream().filter(s -> s.atNanos() > end).count() > 10);
      }

      // Judged on media timestamps (frame index / 25 fps), not on arrival times: a loaded client may read tags the
      // origin sent before the stall long after the answer. Withheld tags are dropped, so the stall is one break in
      // channel 1's 40 ms cadence, resumed on a keyframe the origin let go no earlier than the stall's end (its
      // clock started after `before`); channel 2's cadence, read past that end, never breaks.
      List<RtmpProbe.Seen> video = one.videoFrames();
      List<RtmpProbe.Seen> resumed = cadenceBreaks(video);
      assertThat(resumed).as("media withheld once, in %s", video).hasSize(1);
      assertThat(resumed.get(0).keyframe()).as("resumed on a keyframe").isTrue();
      assertThat(resumed.get(0).atNanos()).as("no media before the stall's end").isGreaterThan(end);
      assertThat(cadenceBreaks(two.videoFrames())).as("the other channel flows on").isEmpty();
      assertThat(one.pull().finished()).as("the connection stayed open").isNotDone();

      assertThat(api.call(HttpMethod.POST, "/sim/rtmp/stall?device_id=" + device, null, null).assertOk().data()
          .getInteger("stalled")).as("both channels, until lifted").isEqualTo(2);
      long beforeLift = one.videoFrames().get(one.videoFrames().size() - 1).timestamp();
      try (RtmpProbe late = RtmpProbe.play(client, RtmpProbe.url(sim, device, 1, token(1)), 0)) {
        late.pull().started().get(10, TimeUnit.SECONDS); // joins during the stall
        assertThat(api.call(HttpMethod.DELETE, "/sim/rtmp/stall", null, null).assertOk().data().getInteger("lifted"))
            .isEqualTo(2);
        long lifted = System.nanoTime();
        for (RtmpProbe p : List.of(one, two, late)) {
          Eventually.until("frames after the stall was lifted", Duration.ofSeconds(10),
              () -> p.seen().stream().filter(s -> s.atNanos() > lifted).count() > 10);
        }
        RtmpProbe.Seen first = late.videoFrames().get(0);
        assertThat(first.keyframe()).as("a player joining in a stall starts on the keyframe after it").isTrue();
        assertThat(first.timestamp()).as("not on the GOP from before the stall").isGreaterThan(beforeLift);
      }
      assertThat(api.call(HttpMethod.POST, "/sim/rtmp/stall?duration_ms=0", null, null).json().getInteger("errno"))
          .as("a duration of 0").isNotZero();
    }
  }

  /** The frames that follow a break in the 40 ms video cadence (25 fps): media withheld or lost before each. */
  private static List<RtmpProbe.Seen> cadenceBreaks(List<RtmpProbe.Seen> video) {
    List<RtmpProbe.Seen> after = new ArrayList<>();
    for (int i = 1; i < video.size(); i++) {
      if (video.get(i).timestamp() - video.get(i - 1).timestamp() > FRAME_MILLIS + 1) {
        after.add(video.get(i));
      }
    }
    return after;
  }

  @Test
  void shouldStopPublishingWhileDeviceOffline() throws Exception {
    try (RtmpProbe probe = RtmpProbe.play(client, RtmpProbe.url(sim, device, 1, token(1)), 0)) {
      probe.enough().get(10, TimeUnit.SECONDS);
      api.call(HttpMethod.POST, "/sim/devices/" + device + "/offline", null, null).assertOk();
      try {
        Eventually.until("the offline camera stopped publishing", Duration.ofSeconds(10),
            () -> sim.state().stats().pushes().isEmpty());
        api.get("/ipc/video/play_address?device_id=" + device + "&channel_id=1&protocol_type=0").assertError(4);
        probe.pull().finished().get(10, TimeUnit.SECONDS); // Play.UnpublishNotify ends the pull normally
      } finally {
        api.call(HttpMethod.POST, "/sim/devices/" + device + "/online", null, null).assertOk();
      }
      Eventually.until("both cameras publishing again", Duration.ofSeconds(10),
          () -> sim.state().stats().pushes().size() == 2);
    }
  }
}
