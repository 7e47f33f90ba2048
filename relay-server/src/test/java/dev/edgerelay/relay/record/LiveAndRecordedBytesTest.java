package dev.edgerelay.relay.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.testing.Await;
import dev.edgerelay.media.testing.EncodedStreams;
import dev.edgerelay.media.testing.Eventually;
import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.index.SegmentRecord;
import dev.edgerelay.relay.EdgeNode;
import dev.edgerelay.relay.hub.StreamKey;
import dev.edgerelay.relay.testing.TestNode;
import dev.edgerelay.sim.CameraMode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A channel is muxed once (docs/architecture.md, "Recording"): a node records a channel and serves its live HLS,
 * and the live segments fetched over HTTP during an interval are contiguous slices, one after the other, of the
 * recording files that cover it: the same TS bytes, by construction, and written to the disk once: each live
 * segment's spool file is a hard link to the recording file holding it (docs/architecture.md, "Live HLS"). Every
 * recorded file decodes on its own.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LiveAndRecordedBytesTest {
  static final Duration WITHIN = Duration.ofSeconds(60);
  @TempDir static Path dataDir;
  static TestNode fixture;
  static EdgeNode node;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    fixture = TestNode.start(vertx, dataDir, o -> {
      o.sim().setCameras(1).setCameraMode(CameraMode.LOOP); // 2 s GOP: every live part starts with a keyframe
      o.recorder().setSegmentMs(4_000).setMinFreeMb(0); // two live parts of 2 s per file
      return o;
    });
    node = fixture.node;
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  static JsonObject api(String pathAndQuery) {
    return Await.result(fixture.http.get(node.httpPort(), "127.0.0.1", pathAndQuery)
        .putHeader("api-key", node.options().platform().apiKey()).send().toCompletionStage()).bodyAsJsonObject();
  }

  static HttpResponse<Buffer> get(String url) {
    return Await.result(fixture.http.getAbs(url).send().toCompletionStage());
  }

  static List<String> uris(String playlist) {
    return playlist.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
  }

  @Test
  void shouldServeLiveTheSameBytesTheRecorderStores() throws Exception {
    StreamKey key = fixture.channels().get(0);
    ChannelRef channel = new ChannelRef(key.deviceId(), key.channelId());
    String ids = "device_id=" + key.deviceId() + "&channel_id=" + key.channelId();
    // GIVEN a channel recording, with a first file committed
    assertThat(api("/ipc/video/record/record_video?product_id=" + node.options().platform().productId() + "&" + ids
        + "&action=1").getInteger("errno")).isZero();
    Eventually.until("a first recorded file", WITHIN,
        () -> !node.recorder().catalog().segments(channel, 0, Long.MAX_VALUE).isEmpty());

    // WHEN a viewer fetches each live segment that appears over an interval
    JsonObject address = fixture.playAddress(key, 1);
    String playlistUrl = "http://" + address.getString("addr") + "/live/" + key.hlsDirectory() + "/index.m3u8?"
        + address.getString("accessToken");
    String dir = playlistUrl.substring(0, playlistUrl.lastIndexOf('/') + 1);
    Set<String> before = Set.copyOf(uris(get(playlistUrl).bodyAsString())); // may predate the recorder
    Map<String, byte[]> live = new LinkedHashMap<>();
    Map<String, Object> spoolInodes = new LinkedHashMap<>();
    Path spool = node.options().hls().spoolDirectory(node.options().dataDir());
    Eventually.until("five new live segments", WITHIN, Duration.ofMillis(300), () -> {
      HttpResponse<Buffer> playlist = get(playlistUrl);
      for (String uri : uris(playlist.bodyAsString())) {
        if (!before.contains(uri) && !live.containsKey(uri)) {
          HttpResponse<Buffer> segment = get(dir + uri);
          assertThat(segment.statusCode()).as(uri).isEqualTo(200);
          live.put(uri, segment.body().getBytes());
          Path file = spool.resolve(uri.substring(uri.lastIndexOf('/') + 1).split("\\?")[0]);
          assertThat((Integer) attribute(file, "unix:nlink")).as("links to the bytes of %s", uri)
              .isGreaterThanOrEqualTo(2); // the recording's name, and the spool's of each live part it holds
          spoolInodes.put(uri, attribute(file, "unix:ino"));
        }
      }
      return live.size() >= 5;
    });
    assertThat(api("/ipc/video/record/record_video?" + ids + "&action=0").getInteger("errno")).isZero();
    // the recorder left at the end of the part open when it stopped: the live window lists that part, no hole
    Map<String, byte[]> afterStop = new LinkedHashMap<>();
    String[] playlistText = {""};
    Eventually.until("two live segments after the stop", WITHIN, Duration.ofMillis(300), () -> {
      playlistText[0] = get(playlistUrl).bodyAsString();
      for (String uri : uris(playlistText[0])) {
        if (!before.contains(uri) && !live.containsKey(uri) && !afterStop.containsKey(uri)) {
          afterStop.put(uri, get(dir + uri).body().getBytes());
        }
      }
      return afterStop.size() >= 2;
    });
    assertThat(playlistText[0]).as("no live part dropped when the recording stopped")
        .doesNotContain("#EXT-X-DISCONTINUITY");

    // THEN each live segment is a contiguous slice of a recording file, each following the one before
    List<SegmentRecord> segments = node.recorder().catalog().segments(channel, 0, Long.MAX_VALUE);
    List<byte[]> files = new ArrayList<>();
    for (SegmentRecord s : segments) {
      files.add(Files.readAllBytes(node.recorder().catalog().file(s)));
    }
    int file = -1;
    int end = -1;
    for (Map.Entry<String, byte[]> segment : live.entrySet()) {
      byte[] bytes = segment.getValue();
      assertThat(bytes.length).as(segment.getKey()).isPositive();
      if (file >= 0 && end < files.get(file).length) {
        assertThat(indexOf(files.get(file), bytes, end)).as("%s follows the previous part in its file", segment.getKey())
            .isEqualTo(end);
      } else { // the previous part ended its file: this one starts the next
        file++;
        while (file < files.size() && indexOf(files.get(file), bytes, 0) < 0) {
          file++;
        }
        assertThat(file).as("a recording file holding %s", segment.getKey()).isLessThan(files.size());
        assertThat(indexOf(files.get(file), bytes, 0)).as("%s starts its file", segment.getKey()).isZero();
        end = 0;
      }
      end += bytes.length;
    }
    List<Object> recordingInodes = new ArrayList<>();
    for (SegmentRecord s : segments) {
      recordingInodes.add(Files.getAttribute(node.recorder().catalog().file(s), "unix:ino"));
    }
    assertThat(recordingInodes).as("the live segments' spool files are the recording files")
        .containsAll(spoolInodes.values());
    byte[] lastFile = files.get(files.size() - 1);
    assertThat(Stream.concat(live.values().stream(), afterStop.values().stream())
        .anyMatch(part -> part.length <= lastFile.length
            && indexOf(lastFile, part, lastFile.length - part.length) == lastFile.length - part.length))
        .as("the last file ends with a whole live part").isTrue();
    assertThat(segments.stream().mapToLong(SegmentRecord::durationMillis).max().orElseThrow())
        .as("files join live parts up to the recorder's target").isGreaterThanOrEqualTo(3_900);

    // AND every recorded file decodes on its own
    EncodedStreams.assumeDebianFfmpeg();
    for (SegmentRecord s : segments) {
      assertThat(EncodedStreams.decodedVideoFrames(node.recorder().catalog().file(s))).as("frames of %s", s)
          .isPositive();
    }
  }

  static Object attribute(Path file, String name) {
    try {
      return Files.getAttribute(file, name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where {@code part} occurs in {@code file} at or after {@code from}, or -1. */
  static int indexOf(byte[] file, byte[] part, int from) {
    outer:
    for (int i = from; i <= file.length - part.length; i++) {
      for (int j = 0; j < part.length; j++) {
        if (file[i + j] != part[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
