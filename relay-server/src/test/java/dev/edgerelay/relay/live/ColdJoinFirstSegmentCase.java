package dev.edgerelay.relay.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.media.Track;
import dev.edgerelay.media.testing.Await;
import dev.edgerelay.media.ts.TsDemuxer;
import dev.edgerelay.relay.hub.StreamKey;
import dev.edgerelay.relay.testing.TestNode;
import dev.edgerelay.sim.CameraMode;
import dev.edgerelay.sim.OriginJoin;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cold HLS joins at random instants in the camera's GOP: whatever the origin sends a new subscriber first, the
 * first segment of a video channel carries video from a keyframe (hls.js cannot append a first segment without
 * video followed by a discontinuity). Run against both of the emulator's origin join modes: from the cached GOP,
 * and as nginx-rtmp (audio at once, video from the next keyframe). One node per mode, the channels joined in
 * parallel.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
abstract class ColdJoinFirstSegmentCase {
  /** Cold joins per mode, one per channel. */
  static final int JOINS = 20;
  /** The emulator cameras' GOP: joins are spread over one. */
  static final int GOP_MILLIS = 2000;
  static final Duration PATIENCE = Duration.ofSeconds(90);

  private Vertx vertx;
  private TestNode fixture;

  abstract OriginJoin originJoin();

  @BeforeAll
  void start(Vertx injected, @TempDir Path dataDir) throws Exception {
    vertx = injected;
    fixture = TestNode.start(vertx, dataDir, o -> o.setSim(o.sim().setCameras(JOINS).setCameraMode(CameraMode.LOOP)
        .setCameraGopSeconds(GOP_MILLIS / 1000).setOriginJoin(originJoin())));
  }

  @AfterAll
  void stop() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
  }

  /** What the first segment of a cold join held. */
  record FirstSegment(StreamKey key, int videoUnits, int audioUnits, boolean startsAtKeyframe) {}

  @Test
  void shouldStartEveryColdJoinsFirstSegmentWithVideoFromAKeyframe() throws Exception {
    List<StreamKey> keys = fixture.channels().subList(0, JOINS);
    List<Future<Buffer>> joins = new ArrayList<>();
    for (StreamKey key : keys) {
      JsonObject hls = fixture.playAddress(key, 1);
      String playlist = "http://" + hls.getString("addr") + "/live/" + key.hlsDirectory() + "/index.m3u8?"
          + hls.getString("accessToken");
      joins.add(after(ThreadLocalRandom.current().nextLong(1, GOP_MILLIS)).compose(v -> firstSegment(key, playlist)));
    }

    // demuxed here, not on an event loop: the node's HTTP answers share those loops, and twenty demuxes under
    // paranoid leak detection would hold them long enough for a first segment to slide out of the window
    List<FirstSegment> firsts = new ArrayList<>();
    for (int i = 0; i < JOINS; i++) {
      firsts.add(demux(keys.get(i), Await.result(joins.get(i).toCompletionStage(), PATIENCE).getBytes()));
    }

    assertThat(firsts).hasSize(JOINS).allSatisfy(first -> {
      assertThat(first.videoUnits()).as("video units in the first segment of %s", first.key()).isPositive();
      assertThat(first.startsAtKeyframe()).as("first video unit of %s is a keyframe", first.key()).isTrue();
      assertThat(first.audioUnits()).as("audio units in the first segment of %s", first.key()).isPositive();
    });
  }

  private Future<Void> after(long millis) {
    Promise<Void> promise = Promise.promise();
    vertx.setTimer(millis, t -> promise.complete());
    return promise.future();
  }

  /** A cold playlist request (it waits for the first segment), then that segment's bytes. */
  private Future<Buffer> firstSegment(StreamKey key, String playlist) {
    return fixture.http.getAbs(playlist).send().compose(list -> {
      assertThat(list.statusCode()).as("playlist of %s", key).isEqualTo(200);
      // the channel's very first segment, not one after it
      assertThat(list.bodyAsString()).as("playlist of %s", key).contains("#EXT-X-MEDIA-SEQUENCE:0\n");
      String first = list.bodyAsString().lines().filter(l -> !l.isBlank() && !l.startsWith("#")).findFirst()
          .orElseThrow(() -> new AssertionError("no segment listed for " + key + ": " + list.bodyAsString()));
      return fixture.http.getAbs(URI.create(playlist).resolve(first).toString()).send();
    }).map(segment -> {
      assertThat(segment.statusCode()).as("first segment of %s", key).isEqualTo(200);
      return segment.body();
    });
  }

  private static FirstSegment demux(StreamKey key, byte[] ts) {
    int[] video = {0};
    int[] audio = {0};
    boolean[] keyframeFirst = {false};
    Consumer<MediaUnit> count = unit -> {
      try {
        if (unit.track() == Track.VIDEO) {
          if (video[0]++ == 0) {
            keyframeFirst[0] = unit.keyframe();
          }
        } else {
          audio[0]++;
        }
      } finally {
        unit.release();
      }
    };
    ByteBuf in = Unpooled.wrappedBuffer(ts);
    try (TsDemuxer demuxer = new TsDemuxer(ByteBufAllocator.DEFAULT)) {
      demuxer.feed(in, count);
      demuxer.finish(count);
    } finally {
      in.release();
    }
    return new FirstSegment(key, video[0], audio[0], keyframeFirst[0]);
  }
}
