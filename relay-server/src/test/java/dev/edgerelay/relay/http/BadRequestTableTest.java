package dev.edgerelay.relay.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.testing.Await;
import dev.edgerelay.relay.hub.StreamKey;
import dev.edgerelay.relay.testing.RawHttp;
import dev.edgerelay.relay.testing.TestNode;
import dev.edgerelay.sim.CameraMode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A table of bad requests fed to one node's routes over a plain socket: bad and missing parameters, values
 * far too large, numbers that overflow, bad percent escapes, wrong methods, broken and wrong-shaped JSON
 * bodies, traversal in names and paths, missing and foreign keys and tokens. Each answers the platform's
 * envelope with the row's status and errno within a second, and its sentence names no class and quotes no
 * parser. API routes answer 200 with the errno, as the platform does; media routes carry the failure in the
 * status (docs/api-coverage.md, "Errors").
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BadRequestTableTest {
  static final Duration WITHIN = Duration.ofSeconds(1);
  /** Mutated requests per run: a few seconds on a loaded machine. */
  static final int MUTATIONS = 400;
  /** What an error sentence must not carry: class and package names, parser positions and words. */
  static final Pattern INTERNALS = Pattern.compile(
      "Exception|(java|javax|io\\.vertx|io\\.netty|com\\.fasterxml|dev\\.edgerelay)\\.|For input string"
          + "|Unexpected|line: \\d|column: \\d|Source: |\\[Source");
  static final String VOD = "/ipc/video/vod/";
  static final String PICTURE = "/ipc/video/picture/";

  @TempDir static Path dataDir;
  static TestNode node;
  static Map<String, String> fill;

  /** One bad request; {@code {dev}}, {@code {master}}, {@code {live}}, {@code {rvod}}... are filled in at run time. */
  record Row(String name, String method, String target, List<String> headers, String body, int status, int errno) {
    Row withStatus(int status) {
      return new Row(name, method, target, headers, body, status, errno);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Row api(String name, String target, int errno) {
    return new Row(name, "GET", target, List.of("api-key: {master}"), "", 200, errno);
  }

  static Row send(String name, String method, String target, String body, int status, int errno) {
    return new Row(name, method, target, List.of("api-key: {master}", "content-type: application/json"), body, status,
        errno);
  }

  static Row media(String name, String target, int status, int errno) {
    return new Row(name, "GET", target, List.of(), "", status, errno);
  }

  static Row mediaWithKey(String name, String target, String key, int status, int errno) {
    return new Row(name, "GET", target, List.of("api-key: " + key), "", status, errno);
  }

  static final String IDS = "device_id={dev}&channel_id=1";
  static final String VIDEO_LIST = VOD + "get_video_list?" + IDS;
  static final String TWENTY_DIGITS = "99999999999999999999";
  static final String PNG_MAGIC = "\u0089PNG\r\n\u001a\n";

  static Stream<Row> rows() {
    String thirtyOneIds = IntStream.range(0, 31).mapToObj(Integer::toString).collect(Collectors.joining(","));
    String bigJson = "{\"video\":[" + "{\"videoId\":\"1\"},".repeat(5_000) + "{\"videoId\":\"1\"}]}";
    return Stream.of(
        // paging: a page past the end is an empty page, in time, whatever its number (spec 6.2)
        api("video list at the last int page of 100", VIDEO_LIST + "&page_start=2147483647&page_size=100", 0),
        api("video list at page 2^30+1 of 2", VIDEO_LIST + "&page_start=1073741825&page_size=2", 0),
        api("video list at the last long page of 100", VIDEO_LIST + "&page_start=" + Long.MAX_VALUE + "&page_size=100", 0),
        api("video list page overflowing a long", VIDEO_LIST + "&page_start=" + TWENTY_DIGITS, EdgeErrno.PARAM_INVALID),
        api("video list page 0", VIDEO_LIST + "&page_start=0", EdgeErrno.PARAM_INVALID),
        api("video list page size 1000", VIDEO_LIST + "&page_size=1000", EdgeErrno.PARAM_INVALID),
        api("video list negative page size", VIDEO_LIST + "&page_size=-5", EdgeErrno.PARAM_INVALID),
        api("video list channel not a number", VOD + "get_video_list?device_id={dev}&channel_id=abc",
            EdgeErrno.PARAM_INVALID),
        api("video list channel overflowing an int", VOD + "get_video_list?device_id={dev}&channel_id=99999999999",
            EdgeErrno.PARAM_INVALID),
        api("video list device id with traversal", VOD + "get_video_list?device_id=..%2F..%2Fetc&channel_id=1",
            EdgeErrno.PARAM_INVALID),
        api("video list bad start_time", VIDEO_LIST + "&start_time=yesterday", EdgeErrno.PARAM_INVALID),
        api("video list without device", VOD + "get_video_list?channel_id=1", EdgeErrno.PARAM_MISSING),
        new Row("video list without key", "GET", VIDEO_LIST, List.of(), "", 200, EdgeErrno.AUTH_MISSING),
        new Row("video list with a bad key", "GET", VIDEO_LIST, List.of("api-key: nope"), "", 200, EdgeErrno.AUTH_INVALID),
        api("video info id not a number", VOD + "get_video_info?" + IDS + "&video_id=abc", EdgeErrno.VIDEO_NOT_FOUND),
        api("video info id overflowing a long", VOD + "get_video_info?" + IDS + "&video_id=" + TWENTY_DIGITS,
            EdgeErrno.VIDEO_NOT_FOUND),
        api("play token id not a number", VOD + "get_play_token?" + IDS + "&video_id=abc", EdgeErrno.VIDEO_NOT_FOUND),
        // JSON bodies: the shape to send, never the parser's words
        send("delete_video with an array body", "POST", VOD + "delete_video?" + IDS, "[]", 200, EdgeErrno.PARAM_INVALID),
        send("delete_video with broken JSON", "POST", VOD + "delete_video?" + IDS, "{\"video\":", 200,
            EdgeErrno.PARAM_INVALID),
        send("delete_video with video not a list", "POST", VOD + "delete_video?" + IDS, "{\"video\":\"x\"}", 200,
            EdgeErrno.PARAM_INVALID),
        send("delete_video with no body", "POST", VOD + "delete_video?" + IDS, "", 200, EdgeErrno.PARAM_INVALID),
        send("delete_video over the body limit", "POST", VOD + "delete_video?" + IDS, bigJson, 413,
            EdgeErrno.PARAM_INVALID),
        send("rename_video with an array body", "PUT", VOD + "rename_video?" + IDS + "&video_id=1", "[]", 200,
            EdgeErrno.PARAM_INVALID),
        send("rename_video with a string body", "PUT", VOD + "rename_video?" + IDS + "&video_id=1", "\"name\"", 200,
            EdgeErrno.PARAM_INVALID),
        send("rename_video with a number for a name", "PUT", VOD + "rename_video?" + IDS + "&video_id=1",
            "{\"name\":5}", 200, EdgeErrno.PARAM_INVALID),
        send("rename_video with a control character", "PUT", VOD + "rename_video?" + IDS + "&video_id=1",
            "{\"name\":\"a\\u0001b\"}", 200, EdgeErrno.PARAM_INVALID),
        // pictures
        api("picture list at its last page", PICTURE + "get_list?" + IDS + "&page_start=10000", 0),
        api("picture list past page 10000", PICTURE + "get_list?" + IDS + "&page_start=10001", EdgeErrno.PARAM_INVALID),
        api("picture list negative start", PICTURE + "get_list?" + IDS + "&start_time=-1", EdgeErrno.PARAM_INVALID),
        api("picture list end overflowing a long", PICTURE + "get_list?" + IDS + "&end_time=" + TWENTY_DIGITS,
            EdgeErrno.PARAM_INVALID),
        api("picture info with traversal", PICTURE + "get_info?" + IDS + "&name=..%2F..%2Fetc%2Fpasswd",
            EdgeErrno.PICTURE_NOT_FOUND),
        send("picture upload with traversal", "PUT", PICTURE + "upload?" + IDS + "&format=png&name=..%2Fx",
            PNG_MAGIC, 200, EdgeErrno.NAME_SPECIAL_CHARACTERS),
        send("picture upload as gif", "PUT", PICTURE + "upload?" + IDS + "&format=gif&name=g", PNG_MAGIC, 200,
            EdgeErrno.PARAM_INVALID),
        new Row("picture delete of none", "DELETE", PICTURE + "delete_pictrue?" + IDS + "&name=none",
            List.of("api-key: {master}"), "", 200, EdgeErrno.PICTURE_NOT_FOUND),
        // the node's other API routes
        api("play_address protocol overflowing an int", "/ipc/video/play_address?" + IDS + "&protocol_type="
            + TWENTY_DIGITS, EdgeErrno.PLAY_BAD_PARAMETER),
        api("play_address negative channel", "/ipc/video/play_address?device_id={dev}&channel_id=-1&protocol_type=0",
            EdgeErrno.PLAY_BAD_PARAMETER),
        api("record_video action 7", "/ipc/video/record/record_video?" + IDS + "&action=7", EdgeErrno.PARAM_INVALID),
        api("record_video of another product", "/ipc/video/record/record_video?product_id=nosuch&" + IDS + "&action=1",
            EdgeErrno.PRODUCT_UNKNOWN),
        api("QryDevStatus of 31 ids", "/ipc/video/device/QryDevStatus?devIds=" + thirtyOneIds, EdgeErrno.PARAM_INVALID),
        api("export with a bad begin", "/edge/export?" + IDS + "&begin=soon&end=20260101000000", EdgeErrno.PARAM_INVALID),
        new Row("storage with a device key", "GET", "/edge/storage", List.of("api-key: {deviceKey}"), "", 200,
            EdgeErrno.AUTH_MASTER_ONLY),
        // transport: unknown paths, methods, escapes, sizes, broken HTTP
        api("an unknown API path", "/ipc/video/nosuch", EdgeErrno.NOT_FOUND).withStatus(404),
        new Row("a wrong method on a GET route", "DELETE", VIDEO_LIST, List.of("api-key: {master}"), "", 405,
            EdgeErrno.METHOD_NOT_ALLOWED),
        api("a GET on a PUT route", VOD + "rename_video?" + IDS, EdgeErrno.METHOD_NOT_ALLOWED).withStatus(405),
        api("a bad percent escape", "/ipc/video/%zz", EdgeErrno.PARAM_INVALID).withStatus(400),
        api("a bad percent escape in the query", VOD + "get_video_list?device_id=%zz&channel_id=1",
            EdgeErrno.PARAM_INVALID).withStatus(400),
        api("a cut percent escape in the query", VIDEO_LIST + "&name=%2", EdgeErrno.PARAM_INVALID).withStatus(400),
        api("a 100 kB query", VIDEO_LIST + "&name=" + "x".repeat(100 * 1024), EdgeErrno.PARAM_INVALID).withStatus(414),
        new Row("a 20 kB header", "GET", VIDEO_LIST, List.of("api-key: {master}", "x-filler: " + "y".repeat(20 * 1024)),
            "", 431, EdgeErrno.PARAM_INVALID),
        new Row("a header line without a colon", "GET", VIDEO_LIST, List.of("no colon here"), "", 400,
            EdgeErrno.PARAM_INVALID),
        // media routes: the status says it
        media("vod of a malformed name", "/vod/bad/index.m3u8", 404, EdgeErrno.NOT_FOUND),
        media("vod without a token", "/vod/{dev}-1-123/index.m3u8", 403, EdgeErrno.TOKEN_INVALID),
        mediaWithKey("vod with a bad api-key", "/vod/{dev}-1-123/index.m3u8", "nope", 403, EdgeErrno.AUTH_INVALID),
        mediaWithKey("vod with another device's key", "/vod/{other}-1-123/index.m3u8", "{deviceKey}", 403,
            EdgeErrno.AUTH_OTHER_DEVICE),
        mediaWithKey("vod of no such video", "/vod/{dev}-1-123/index.m3u8", "{master}", 404, EdgeErrno.VIDEO_NOT_FOUND),
        mediaWithKey("vod segment not a segment name", "/vod/{dev}-1-123/x.ts", "{master}", 404, EdgeErrno.NOT_FOUND),
        mediaWithKey("vod segment of 20 digits", "/vod/{dev}-1-123/" + TWENTY_DIGITS + ".ts", "{master}", 404,
            EdgeErrno.NOT_FOUND),
        media("vod with a bad escape", "/vod/%zz/index.m3u8", 400, EdgeErrno.PARAM_INVALID),
        media("live with a bad escape in the query", "/live/live_{dev}_1/index.m3u8?token=%zz", 400,
            EdgeErrno.PARAM_INVALID),
        media("rvod of a malformed name", "/rvod/garbage/index.m3u8?{rvod}", 400, EdgeErrno.PARAM_INVALID),
        media("rvod ending before it begins", "/rvod/{dev}-1-20261126120000-20261126110000/index.m3u8?{rvod}", 400,
            EdgeErrno.PARAM_INVALID),
        media("rvod of a range with nothing", "/rvod/{dev}-1-200001010000-200001010100/index.m3u8?{rvod}", 404,
            EdgeErrno.RECORDING_RANGE_EMPTY),
        media("rvod without a token", "/rvod/{dev}-1-200001010000-200001010100/index.m3u8", 403,
            EdgeErrno.TOKEN_INVALID),
        media("rvod with the token of another channel", "/rvod/{other}-1-200001010000-200001010100/index.m3u8?{rvod}",
            403, EdgeErrno.TOKEN_INVALID),
        media("rvod segment of nothing", "/rvod/{dev}-1-200001010000-200001010100/946684800000.ts?{rvod}", 404,
            EdgeErrno.NOT_FOUND),
        media("live without a token", "/live/live_{dev}_1/index.m3u8", 403, EdgeErrno.TOKEN_INVALID),
        media("live with a forged token", "/live/live_{dev}_1/index.m3u8?forged.token", 403, EdgeErrno.TOKEN_INVALID),
        media("live with the token of another channel", "/live/live_{other}_1/index.m3u8?{live}", 403,
            EdgeErrno.TOKEN_INVALID),
        media("live of a malformed name", "/live/not-a-channel/index.m3u8?{live}", 404, EdgeErrno.NOT_FOUND),
        media("live segment never made", "/live/live_{dev}_1/nosuch.ts?{live}", 404, EdgeErrno.NOT_FOUND),
        media("preload idle_time too long", "/live/live_{dev}_1/preload?token={live}&idle_time=121", 400,
            EdgeErrno.PARAM_INVALID),
        media("preload idle_time overflowing a long", "/live/live_{dev}_1/preload?token={live}&idle_time="
            + TWENTY_DIGITS, 400, EdgeErrno.PARAM_INVALID),
        new Row("live playlist by POST", "POST", "/live/live_{dev}_1/index.m3u8?{live}", List.of(), "", 405,
            EdgeErrno.METHOD_NOT_ALLOWED),
        media("preview of a malformed name", "/live_preview/garbage", 404, EdgeErrno.NOT_FOUND),
        media("preview without a token", "/live_preview/{dev}_1", 403, EdgeErrno.TOKEN_INVALID),
        media("preview of width abc", "/live_preview/{dev}_1?token={live}&width=abc", 400, EdgeErrno.PARAM_INVALID),
        media("picture image of none", "/pictures/{dev}/1/nosuch.jpg", 404, EdgeErrno.PICTURE_NOT_FOUND),
        media("picture image of channel abc", "/pictures/{dev}/abc/x", 404, EdgeErrno.NOT_FOUND),
        media("picture image with traversal in the device", "/pictures/..%2F..%2Fetc/1/passwd", 404,
            EdgeErrno.NOT_FOUND),
        media("picture image with traversal in the name", "/pictures/{dev}/1/..%2F..%2F..%2Fetc%2Fpasswd", 404,
            EdgeErrno.PICTURE_NOT_FOUND));
  }

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    node = TestNode.start(vertx, dataDir, o -> {
      o.sim().setCameras(2).setCameraMode(CameraMode.NONE);
      return o;
    });
    List<StreamKey> channels = node.channels();
    String dev = channels.get(0).deviceId();
    String other = channels.stream().map(StreamKey::deviceId).filter(d -> !d.equals(dev)).findFirst().orElseThrow();
    String master = node.node.options().platform().apiKey();
    String live = node.playAddress(new StreamKey(dev, 1), 1).getString("accessToken");
    JsonObject rvod = Await.result(node.http.get(node.node.httpPort(), "127.0.0.1", VOD + "get_play_token?device_id="
        + dev + "&channel_id=1").putHeader("api-key", master).send().toCompletionStage()).bodyAsJsonObject();
    String deviceKey = node.node.directory().device(dev).keys().iterator().next();
    fill = Map.of("{dev}", dev, "{other}", other, "{master}", master, "{deviceKey}", deviceKey, "{live}", live,
        "{rvod}", rvod.getJsonObject("data").getString("token"));
    RawHttp.exchange(node.node.httpPort(), "GET", "/edge/health", new String[0], new byte[0], Duration.ofSeconds(10));
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  static String filled(String text) {
    for (Map.Entry<String, String> e : fill.entrySet()) {
      text = text.replace(e.getKey(), e.getValue());
    }
    return text;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void shouldAnswerTheEnvelopeWithTheRowsStatusAndErrnoWithinOneSecond(Row row) throws Exception {
    String[] headers = row.headers().stream().map(BadRequestTableTest::filled).toArray(String[]::new);

    RawHttp.Answer answer = RawHttp.exchange(node.node.httpPort(), row.method(), filled(row.target()), headers,
        row.body().getBytes(StandardCharsets.ISO_8859_1), WITHIN);

    assertThat(answer.took()).as("answered within a second").isLessThan(WITHIN);
    assertThat(answer.status()).as(answer.body()).isEqualTo(row.status());
    assertThat(answer.contentType()).startsWith("application/json");
    JsonObject envelope = answer.json();
    assertThat(envelope.getInteger("errno")).as(answer.body()).isEqualTo(row.errno());
    assertThat(envelope.getString("error")).isNotBlank();
    assertThat(INTERNALS.matcher(envelope.getString("error")).find()).as(envelope.getString("error")).isFalse();
    assertThat(answer.body().length()).as("a sentence, not an echo of the request").isLessThan(1024);
  }

  /**
   * The table's requests mutated at random (a fixed seed, printed): bytes replaced by escapes, separators, dots,
   * long digits and control characters, targets cut short, parameters doubled. Whatever a mutation makes of a
   * request, it is answered within a second, never with a failure of the node (5xx), and any error is the
   * envelope. Rows that could turn into a valid cold-start wait (a live token, a preview, a recording) are left out.
   */
  @Test
  void shouldAnswerEveryMutatedRequestInTimeWithoutAServerError() throws Exception {
    long seed = System.nanoTime();
    java.util.Random random = new java.util.Random(seed);
    String[] pieces = {"%", "%z", "%00", "%2e%2e%2f", "/", "..", "?", "&", "=", TWENTY_DIGITS, "-", "\u0001", "\u007f",
        "\u00ff", "{", "\"", "+", "#", "x".repeat(3000)};
    List<Row> sources = rows().filter(r -> !r.target().contains("{live}") && !r.target().contains("record_video")
        && !r.target().startsWith("/live_preview")).toList();
    for (int i = 0; i < MUTATIONS; i++) {
      Row row = sources.get(random.nextInt(sources.size()));
      String target = filled(row.target());
      int at = random.nextInt(target.length());
      String mutated = switch (random.nextInt(3)) {
        case 0 -> target.substring(0, at) + pieces[random.nextInt(pieces.length)] + target.substring(at + 1);
        case 1 -> target.substring(0, Math.max(1, at));
        default -> target + "&" + target.substring(target.indexOf('?') + 1);
      };
      String[] headers = row.headers().stream().map(BadRequestTableTest::filled).toArray(String[]::new);

      RawHttp.Answer answer = RawHttp.exchange(node.node.httpPort(), row.method(), mutated, headers,
          row.body().getBytes(StandardCharsets.ISO_8859_1), WITHIN);

      String what = "seed " + seed + ": " + row.method() + " " + mutated + " -> " + answer.status() + " " + answer.body();
      assertThat(answer.took()).as(what).isLessThan(WITHIN);
      assertThat(answer.status()).as(what).isLessThan(500);
      if (answer.status() >= 400 || !answer.contentType().startsWith("text/html")) {
        assertThat(answer.contentType()).as(what).startsWith("application/json");
        String error = answer.json().getString("error");
        assertThat(INTERNALS.matcher(error).find()).as(what).isFalse();
      }
    }
  }

  @Test
  void shouldStillServeTheWebUiOutsideTheApiAndMediaPaths() throws Exception {
    RawHttp.Answer ui = RawHttp.exchange(node.node.httpPort(), "GET", "/", new String[0], new byte[0], WITHIN);

    assertThat(ui.status()).isEqualTo(200);
    assertThat(ui.contentType()).startsWith("text/html");
  }

  @Test
  void shouldHaveWrittenNothingOutsideTheDataDirectoryNorAnyPictureTheTableRefused() throws Exception {
    rows().forEach(row -> {
      try {
        shouldAnswerTheEnvelopeWithTheRowsStatusAndErrnoWithinOneSecond(row);
      } catch (Exception e) {
        throw new AssertionError(row.name(), e);
      }
    });

    assertThat(Files.exists(dataDir.resolve("..").resolve("x.png"))).isFalse();
    try (Stream<Path> files = Files.walk(dataDir)) {
      assertThat(files.map(Path::getFileName).map(Path::toString)).noneMatch(n -> n.startsWith("g.") || n.equals("x.png"));
    }
  }
}
