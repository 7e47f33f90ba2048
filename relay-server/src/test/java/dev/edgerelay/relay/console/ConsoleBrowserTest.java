package dev.edgerelay.relay.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.edgerelay.media.testing.Await;
import dev.edgerelay.media.testing.Eventually;
import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.index.SegmentRecord;
import dev.edgerelay.relay.channels.ServedDevice;
import dev.edgerelay.relay.hub.StreamKey;
import dev.edgerelay.relay.platform.model.Channel;
import dev.edgerelay.relay.testing.TestNode;
import dev.edgerelay.sim.CameraMode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's console end to end, in Debian's headless Chromium ({@link ConsoleBrowser}), against one node on
 * its embedded emulator with the demo's synthetic cameras (several devices, one or two channels each, titled):
 * the wall plays every channel, the camera page plays live and records, the recordings timeline plays from a
 * clicked instant and exports a dragged range as an MP4 that ffprobe reads, a snapshot is listed, the system page
 * retries a parked upload, a wrong key is refused and a device key sees only its device. Every scenario fails on
 * a console error or page error. Screenshots of each view are in {@code relay-server/target/console-screens}.
 * The scenarios run in order on the one node: those after the camera page use the recording it turned on.
 */
@Tag("interop")
@ExtendWith(VertxExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class ConsoleBrowserTest {
  /** The recorder's segment length, and so the precision of playback from a clicked instant and of an export. */
  static final int SEGMENT_MS = 2_000;
  /** Frames a player must present after its first one: one second at the cameras' 25 fps. */
  static final int MIN_FRAMES = 25;
  /** How long one step in the page (a frame, a list entry, a download) may take. */
  static final long STEP_TIMEOUT_MILLIS = 30_000;
  /** Segments into the recorded range the timeline is clicked: playback starting anywhere else shows. */
  static final int CLICK_SEGMENTS = 3;
  /** Recorded before the timeline is clicked: past the clicked instant by two segments. */
  static final long MIN_RECORDED_MILLIS = (CLICK_SEGMENTS + 2L) * SEGMENT_MS;
  /** Recorded before a range is dragged for export: a segment is left out at each end of it. */
  static final long MIN_EXPORT_RECORDED_MILLIS = 8L * SEGMENT_MS;
  /** Width the recorded range must have on screen before it is clicked or dragged over: ten seconds at 5 minutes a screen. */
  static final int MIN_RANGE_PIXELS = 32;
  /** Zoom-in clicks tried to reach that width, a bound on a timeline that would zoom on forever. */
  static final int MAX_ZOOM_STEPS = 16;
  /** How long an opened recordings page may take to draw its day's ranges before it is asked again. */
  static final long RANGE_WAIT_MILLIS = 3_000;
  static final String WRONG_KEY = "not-a-key-of-this-node";

  @TempDir static Path dataDir;
  @TempDir static Path downloads;
  static TestNode fixture;
  static ConsoleBrowser browser;
  static String masterKey;
  /** The channel the camera, recordings and snapshot scenarios use: the first device's first channel. */
  static StreamKey camera;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    String missing = ConsoleBrowser.unavailableReason();
    if (missing != null) {
      System.out.println("skipped ConsoleBrowserTest: " + missing);
    }
    Assumptions.assumeTrue(missing == null, missing);
    fixture = TestNode.start(vertx, dataDir, o -> {
      // the demo's cameras (scripts/demo), replaying one encoded clip to spare the shared CPU
      o.sim().setCameraMode(CameraMode.LOOP);
      o.recorder().setSegmentMs(SEGMENT_MS).setMinFreeMb(0);
      return o;
    });
    masterKey = fixture.node.options().platform().apiKey();
    browser = new ConsoleBrowser("http://127.0.0.1:" + fixture.node.httpPort(), STEP_TIMEOUT_MILLIS, downloads);
    camera = fixture.channels().get(0);
    assertThat(fixture.node.directory().devices()).as("the demo's devices").hasSizeGreaterThanOrEqualTo(3);
  }

  @AfterAll
  static void stop() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  @Order(1)
  void wallShouldPlayEveryChannelWithBadgesMatchingTheNodesStates() throws Exception {
    List<StreamKey> channels = fixture.channels();
    JsonObject report = clean(browser.run("wall", masterKey, params().put("expectTiles", channels.size())));

    JsonArray tiles = report.getJsonArray("tiles");
    assertThat(tiles.stream().map(t -> key((JsonObject) t)).toList()).as("one tile per channel")
        .containsExactlyInAnyOrderElementsOf(channels);
    for (Object o : tiles) {
      JsonObject tile = (JsonObject) o;
      StreamKey key = key(tile);
      assertThat(tile.getInteger("videos")).as(key + ": one player").isEqualTo(1);
      assertPlayed(key.toString(), tile.getJsonObject("play"));
      ServedDevice device = fixture.node.directory().device(key.deviceId());
      Channel channel = device.channel(key.channelId());
      assertThat(tile.getString("title")).as(key + ": titled with the device and channel titles and the ids")
          .contains(device.device().title(), channel.title(), key.deviceId(), String.valueOf(key.channelId()));
    }
    JsonArray nodeStates = report.getJsonArray("nodeStates");
    for (Object o : report.getJsonArray("badges")) {
      JsonObject badge = (JsonObject) o;
      assertThat(badge.getString("badge")).as(badge + ": the badge says the tile's state").isEqualTo(badge.getString("state"));
      JsonObject node = nodeStates.stream().map(JsonObject.class::cast).filter(n -> key(n).equals(key(badge)))
          .findFirst().orElseThrow(() -> new AssertionError(badge + " is not in /edge/channels: " + nodeStates));
      assertThat(badge.getString("state")).as(badge + " against the node's " + node).isEqualTo("live")
          .isEqualTo(node.getString("state"));
    }
    JsonObject one = report.getJsonObject("layoutOne");
    assertThat(one.getInteger("videos")).as("at one tile a page, no hidden players").isEqualTo(1);
    assertThat(one.getString("pageLabel")).isEqualTo("1 / " + channels.size());
    JsonObject second = one.getJsonObject("secondPage");
    assertThat(List.of(key(one), key(second))).as("pages 1 and 2 show the wall's first two channels, in its order")
        .containsExactly(key(tiles.getJsonObject(0)), key(tiles.getJsonObject(1)));
    assertThat(second.getInteger("videos")).isEqualTo(1);
    assertThat(report.getString("openedByClick")).as("a click on the tile opens its camera page")
        .isEqualTo("#/camera/" + second.getString("device") + "/" + second.getInteger("channel"));
  }

  @Test
  @Order(2)
  void cameraPageShouldPlayLiveRecordAndPlayBackFromTheClickedInstant() throws Exception {
    JsonObject report = clean(browser.run("camera", masterKey, params()));

    assertPlayed("live on the camera page", report.getJsonObject("live"));
    ServedDevice device = fixture.node.directory().device(camera.deviceId());
    assertThat(report.getString("title")).contains(device.device().title(), device.channel(camera.channelId()).title());
    assertThat(report.getString("facts")).as("stream facts: the cameras' 640x360").contains("640", "360");
    assertThat(report.getString("recordingBefore")).isEqualTo("false");
    assertThat(fixture.channelStatus(camera).getValue("recording")).as("the node records after record-toggle").isNotNull();
    assertThat(ZoneId.of(report.getString("zone")).normalized()).as("the node's zone, named")
        .isEqualTo(ZoneId.systemDefault().normalized());

    JsonObject range = report.getJsonObject("range");
    List<SegmentRecord> segments = fixture.node.recorder().catalog().segments(ref(), 0, Long.MAX_VALUE);
    assertThat(range.getLong("start")).as("the range starts where the recording does")
        .isCloseTo(segments.get(0).startMillis(), within((long) SEGMENT_MS));
    long clicked = report.getLong("clickedMs");
    JsonObject playback = report.getJsonObject("playback");
    assertPlayed("recorded playback", playback);
    JsonObject first = playback.getJsonObject("first");
    JsonObject later = playback.getJsonObject("later");
    assertThat(first.getDouble("position")).as("the instant shown as playback starts is the clicked one, within a segment")
        .isCloseTo((double) clicked, within((double) SEGMENT_MS));
    double played = (later.getDouble("currentTime") - first.getDouble("currentTime")) * 1000;
    assertThat(later.getDouble("position") - first.getDouble("position")).as("the position follows the video's time")
        .isCloseTo(played, within(SEGMENT_MS / 2.0));
    assertThat(later.getDouble("position")).as("never ahead of what real time could have played from the click")
        .isLessThanOrEqualTo(clicked + (report.getLong("playedAt") - report.getLong("clickedAt")) + SEGMENT_MS);
  }

  @Test
  @Order(3)
  void timelineShouldExportADraggedRangeAsAnMp4ThatFfprobeReads() throws Exception {
    JsonObject report = clean(browser.run("export", masterKey,
        params().put("minRecordedMillis", MIN_EXPORT_RECORDED_MILLIS)));

    JsonObject selection = report.getJsonObject("selection");
    JsonObject dragged = report.getJsonObject("draggedMs");
    long start = selection.getLong("start");
    long end = selection.getLong("end");
    // a pixel of the zoomed timeline is well under a second
    assertThat(start).as("the selection is the dragged range").isCloseTo(dragged.getLong("start"), within(1_000L));
    assertThat(end).isCloseTo(dragged.getLong("end"), within(1_000L));
    assertThat(report.getString("downloadFailure")).isNull();
    // the export is cut at segment boundaries: the segments the selection covers, to the second (the route's times)
    List<SegmentRecord> covered = fixture.node.recorder().catalog().segments(ref(), start / 1000 * 1000,
        end / 1000 * 1000);
    double expected = (covered.get(covered.size() - 1).endMillis() - covered.get(0).startMillis()) / 1000.0;
    JsonObject probe = ffprobe(Path.of(report.getString("file")));
    assertThat(probe.getJsonArray("streams").stream().map(s -> ((JsonObject) s).getString("codec_type")))
        .as("a video stream").contains("video");
    double seconds = Double.parseDouble(probe.getJsonObject("format").getString("duration"));
    System.out.printf("console export: selected %d ms, covered segments %.3f s, ffprobe %.3f s%n", end - start,
        expected, seconds);
    assertThat(seconds).as("ffprobe's duration against the covered segments' " + expected + " s")
        .isCloseTo(expected, within(SEGMENT_MS / 1000.0));
    assertThat(seconds).as("at least the selected " + (end - start) + " ms, less a segment")
        .isGreaterThan((end - start - SEGMENT_MS) / 1000.0);
  }

  @Test
  @Order(4)
  void snapshotTakenFromThePageShouldBeListed() throws Exception {
    int before = picturesListed();
    JsonObject report = clean(browser.run("snapshot", masterKey, params().put("picturesBefore", before)));

    assertThat(report.getInteger("after")).isEqualTo(before + 1);
    assertThat(picturesListed()).as("the node lists the snapshot taken").isEqualTo(before + 1);
    assertThat(report.getJsonArray("images")).as("every listed snapshot shows its picture").isNotEmpty()
        .allSatisfy(width -> assertThat((Integer) width).isPositive());
  }

  @Test
  @Order(5)
  void systemPageShouldShowStorageAndOutboxAndRetryAParkedUpload() throws Exception {
    long parked = parkAnUpload();
    JsonObject report = clean(browser.run("system", masterKey, params().put("parkedItem", parked)));

    assertThat(report.getString("system-platform")).isEqualTo("reachable");
    assertThat(report.getString("system-node-name")).isNotBlank();
    assertThat(report.getString("system-version")).isNotBlank();
    assertThat(report.getString("system-storage")).as("storage figures").containsPattern("[0-9]");
    assertThat(report.getString("outbox-pending")).containsPattern("[0-9]");
    assertThat(report.getString("outbox-inflight")).containsPattern("[0-9]");
    assertThat(report.getString("parkedItemText")).as("the reason shown").contains("413");
    assertThat(report.getInteger("channelRows")).isEqualTo(fixture.channels().size());
    assertThat(report.getJsonArray("parkedAfter")).as("left the parked list on the page").doesNotContain(String.valueOf(parked));
    Eventually.until("the item no longer parked at the node", Duration.ofSeconds(30), () -> !parkedIds().contains(parked));
  }

  @Test
  @Order(6)
  void wrongKeyShouldShowTheNodesRefusal() throws Exception {
    JsonObject report = clean(browser.run("refused", WRONG_KEY, params()));

    String refusal = api(HttpMethod.GET, "/edge/channels", WRONG_KEY).getString("error");
    assertThat(refusal).isNotBlank();
    assertThat(report.getString("loginError")).as("the node's sentence").contains(refusal);
    assertThat(report.getString("hash")).isEqualTo("#/login");
    assertThat(report.getString("kept")).as("a refused key is not kept").isNull();
  }

  @Test
  @Order(7)
  void deviceKeyShouldShowOnlyThatDevicesTiles() throws Exception {
    ServedDevice device = fixture.node.directory().device(camera.deviceId());
    JsonObject report = clean(browser.run("deviceKey", device.keys().iterator().next(),
        params().put("expectTiles", device.channels().size())));

    assertThat(report.getJsonArray("tiles").stream().map(t -> key((JsonObject) t)).toList())
        .containsExactlyInAnyOrderElementsOf(device.channels().stream()
            .map(c -> new StreamKey(device.id(), c.channelId())).toList());
    for (Object o : report.getJsonArray("tiles")) {
      JsonObject tile = (JsonObject) o;
      boolean records = fixture.channelStatus(key(tile)).getValue("recording") != null;
      assertThat(tile.getBoolean("recordingDot")).as(key(tile) + ": the recording dot while the node records it")
          .isEqualTo(records);
    }
    assertThat(report.getJsonArray("tiles").stream().anyMatch(t -> ((JsonObject) t).getBoolean("recordingDot")))
        .as("the camera's channel records since the camera page turned it on").isTrue();
    JsonObject after = report.getJsonObject("afterSignout");
    assertThat(after.getString("hash")).isEqualTo("#/login");
    assertThat(after.getString("kept")).as("sign-out forgets the key").isNull();
  }

  /** Each scenario's parameters: the channel it opens and the test's bounds. */
  static JsonObject params() {
    String channel = camera.deviceId() + "/" + camera.channelId();
    return new JsonObject().put("minFrames", MIN_FRAMES).put("segmentMillis", SEGMENT_MS)
        .put("minRecordedMillis", MIN_RECORDED_MILLIS).put("clickSegments", CLICK_SEGMENTS)
        .put("minRangePixels", MIN_RANGE_PIXELS).put("rangeWaitMillis", RANGE_WAIT_MILLIS)
        .put("maxZoomSteps", MAX_ZOOM_STEPS).put("cameraRoute", "/camera/" + channel)
        .put("recordingsRoute", "/recordings/" + channel);
  }

  /** The report, after failing on its failed step and on any console or page error. */
  static JsonObject clean(JsonObject report) {
    assertThat(ConsoleBrowser.problems(report)).as(report.getString("scenario") + " in the browser").isEmpty();
    return report;
  }

  /** A player presented frames after its first one and its currentTime advanced by at least a second. */
  static void assertPlayed(String what, JsonObject play) {
    JsonObject first = play.getJsonObject("first");
    JsonObject later = play.getJsonObject("later");
    assertThat(later.getInteger("presented") - first.getInteger("presented")).as(what + ": frames presented")
        .isGreaterThanOrEqualTo(MIN_FRAMES);
    assertThat(later.getDouble("currentTime") - first.getDouble("currentTime")).as(what + ": currentTime advanced")
        .isGreaterThanOrEqualTo(1.0);
  }

  static StreamKey key(JsonObject o) {
    return new StreamKey(o.getString("device"), o.getInteger("channel"));
  }

  static ChannelRef ref() {
    return new ChannelRef(camera.deviceId(), camera.channelId());
  }

  /**
   * A picture marked for upload while the emulator refuses picture uploads with 413: the outbox parks it. The
   * fault is cleared again, so a retry succeeds. Answers the parked item's id.
   */
  static long parkAnUpload() throws Exception {
    String sim = fixture.node.embeddedSim().baseUrl();
    Await.result(fixture.http.postAbs(sim + "/sim/faults").sendJsonObject(new JsonObject()
        .put("path_prefix", "/ipc/video/picture/upload").put("status", 413).put("rate", 1.0)).toCompletionStage());
    try {
      byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 1, 2, 3, 4, (byte) 0xFF, (byte) 0xD9};
      JsonObject stored = Await.result(fixture.http.putAbs("http://127.0.0.1:" + fixture.node.httpPort()
          + "/ipc/video/picture/upload?device_id=" + camera.deviceId() + "&channel_id=" + camera.channelId()
          + "&format=jpg&upload=1&name=parked-for-the-console").putHeader("api-key", masterKey)
          .sendBuffer(Buffer.buffer(jpeg)).toCompletionStage()).bodyAsJsonObject();
      assertThat(stored.getInteger("errno")).as(stored.toString()).isZero();
      return Eventually.value("the picture's upload parked", Duration.ofSeconds(30), ConsoleBrowserTest::parkedIds,
          ids -> ids.size() == 1).get(0);
    } finally {
      Await.result(fixture.http.deleteAbs(sim + "/sim/faults").send().toCompletionStage());
    }
  }

  /** Pictures the node lists for the camera's channel (spec 5.2). */
  static int picturesListed() throws Exception {
    return api(HttpMethod.GET, "/ipc/video/picture/get_list?device_id=" + camera.deviceId() + "&channel_id="
        + camera.channelId(), masterKey).getJsonObject("page_info").getInteger("total_num");
  }

  static List<Long> parkedIds() {
    try {
      return api(HttpMethod.GET, "/edge/outbox", masterKey).getJsonObject("data").getJsonArray("parked_items").stream()
          .map(o -> ((JsonObject) o).getLong("id")).toList();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static JsonObject api(HttpMethod method, String pathAndQuery, String key) throws Exception {
    return Await.result(fixture.http.requestAbs(method, "http://127.0.0.1:" + fixture.node.httpPort() + pathAndQuery)
        .putHeader("api-key", key).send().toCompletionStage()).bodyAsJsonObject();
  }

  /** Debian ffprobe's format and streams of {@code file}, as JSON. */
  static JsonObject ffprobe(Path file) throws Exception {
    Process p = new ProcessBuilder(ConsoleBrowser.FFPROBE.toString(), "-v", "error", "-print_format", "json",
        "-show_format", "-show_streams", file.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0).as("ffprobe " + file + ": " + out).isTrue();
    assertThat(Files.size(file)).isPositive();
    return new JsonObject(out);
  }
}
