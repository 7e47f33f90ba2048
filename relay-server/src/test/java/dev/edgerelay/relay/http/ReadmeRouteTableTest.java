package dev.edgerelay.relay.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.edgerelay.media.testing.Await;
import dev.edgerelay.relay.channels.ServedDevice;
import dev.edgerelay.relay.hub.StreamKey;
import dev.edgerelay.relay.testing.TestNode;
import dev.edgerelay.relay.token.PlayTokens;
import dev.edgerelay.sim.CameraMode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * README.md's route table, row by row, against one running node on the embedded emulator: every route is called
 * with each kind of credential and without one, and answers as its row says (accepted, or refused with the errno
 * and status of README "Routes" and docs/api-coverage.md, Errors). A route the code serves but the table lacks is
 * not caught here: the node does not expose its router to compare against.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ReadmeRouteTableTest {
  static final String SCRAPE_KEY = "readme-scrape-key";
  static final String HEADER = "| method | path | parameters | accepts |";
  /** A query the test sends: a code span opening the parameters cell that holds an assignment. */
  static final Pattern QUERY = Pattern.compile("^`([^`\\[]*=[^`]*)`");
  static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)}");
  static final Set<Integer> REFUSALS = Set.of(EdgeErrno.AUTH_MISSING, EdgeErrno.AUTH_INVALID,
      EdgeErrno.AUTH_OTHER_DEVICE, EdgeErrno.AUTH_MASTER_ONLY, EdgeErrno.TOKEN_INVALID);
  static final String VIDEO_ID = "1";

  /** The credentials a row may name; the tokens are all for the row's device-channel, each of one scope. */
  enum Credential {
    NOTHING("nothing", null), MASTER("master key", null), DEVICE("device key", null), SCRAPE("scrape key", null),
    LIVE_TOKEN("play token (live)", "live"), RVOD_TOKEN("play token (rvod)", "rvod"),
    VIDEO_TOKEN("play token (video_id)", VIDEO_ID), PICTURES_TOKEN("play token (pictures)", "pictures");

    final String words;
    final String scope;

    Credential(String words, String scope) {
      this.words = words;
      this.scope = scope;
    }

    boolean key() {
      return this == MASTER || this == DEVICE || this == SCRAPE;
    }

    static Credential of(String words, String row) {
      for (Credential c : values()) {
        if (c.words.equals(words)) {
          return c;
        }
      }
      throw new AssertionError("README row '" + row + "' names an unknown credential '" + words + "'");
    }
  }

  record Row(String method, String path, String query, Set<Credential> accepts, String line) {
    boolean open() {
      return accepts.contains(Credential.NOTHING);
    }

    boolean takesTokens() {
      return accepts.stream().anyMatch(c -> c.scope != null);
    }

    boolean takesKeys() {
      return accepts.stream().anyMatch(Credential::key);
    }

    boolean media() {
      return EdgeHttpServer.MEDIA_PREFIXES.stream().anyMatch(path::startsWith);
    }

    /** The errno a refused {@code credential} gets; 0 when the row accepts it. */
    int refusal(Credential credential) {
      if (open() || accepts.contains(credential)) {
        return 0;
      }
      if (credential.key() && takesKeys()) {
        return credential == Credential.SCRAPE ? EdgeErrno.AUTH_INVALID : EdgeErrno.AUTH_MASTER_ONLY;
      }
      return takesTokens() ? EdgeErrno.TOKEN_INVALID : EdgeErrno.AUTH_MISSING;
    }
  }

  @TempDir static Path dataDir;
  static TestNode test;
  static List<Row> rows;
  static Map<String, String> values;
  static String deviceKey;
  static PlayTokens tokens;
  static StreamKey channel;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    rows = read(readme());
    test = TestNode.start(vertx, dataDir, o -> {
      o.sim().setCameras(2).setCameraMode(CameraMode.LOOP);
      o.hls().setSegmentMillis(1000);
      o.metrics().setScrapeKey(SCRAPE_KEY);
      return o;
    });
    ServedDevice device = test.node.directory().devices().iterator().next();
    deviceKey = device.keys().iterator().next();
    channel = new StreamKey(device.id(), device.channels().get(0).channelId());
    String masterKey = test.node.options().platform().apiKey();
    tokens = new PlayTokens(masterKey, Clock.systemUTC());
    values = Map.of("dev", channel.deviceId(), "ch", String.valueOf(channel.channelId()), "video_id", VIDEO_ID,
        "begin", "20200101000000", "end", "20200101000100", "segment", "1577836800000.ts", "name", "readme-none",
        "product", test.node.options().platform().productId(), "node", "no-such-node");
  }

  @AfterAll
  static void stop() throws Exception {
    if (test != null) {
      test.close();
    }
  }

  @TestFactory
  Stream<DynamicTest> everyRouteAnswersAsTheReadmeSays() {
    assertThat(rows).as("rows of README's route table").hasSizeGreaterThan(30);
    return rows.stream().flatMap(row -> Stream.of(Credential.values()).map(credential -> dynamicTest(
        row.method() + " " + row.path() + " with " + credential.words, () -> check(row, credential))));
  }

  static void check(Row row, Credential credential) {
    String query = fill(row.query());
    if (credential.scope != null) {
      String token = tokens.issue(channel, credential.scope, Duration.ofMinutes(5).toMillis());
      query = query.isEmpty() ? "token=" + token : query + "&token=" + token;
    }
    String uri = fill(row.path()) + (query.isEmpty() ? "" : "?" + query);
    HttpRequest<Buffer> request = test.http.request(HttpMethod.valueOf(row.method()), test.node.httpPort(),
        "127.0.0.1", uri);
    switch (credential) {
      case MASTER -> request.putHeader(EdgeAuth.HEADER, test.node.options().platform().apiKey());
      case DEVICE -> request.putHeader(EdgeAuth.HEADER, deviceKey);
      case SCRAPE -> request.putHeader(EdgeAuth.HEADER, SCRAPE_KEY);
      default -> { }
    }
    HttpResponse<Buffer> answer = Await.result(request.send().toCompletionStage(), Duration.ofSeconds(30));
    Integer errno = errno(answer);
    String seen = row.method() + " " + uri + " with " + credential.words + " answered " + answer.statusCode() + " "
        + answer.bodyAsString();
    int refusal = row.refusal(credential);
    if (refusal == 0) {
      assertThat(answer.statusCode()).as(seen).isNotIn(401, 403);
      assertThat(errno).as(seen).isNotIn(REFUSALS);
    } else {
      assertThat(errno).as(seen).isEqualTo(refusal);
      int status = refusal == EdgeErrno.TOKEN_INVALID || row.media() ? 403 : 200;
      assertThat(answer.statusCode()).as(seen).isEqualTo(status);
    }
  }

  /** The envelope's errno, or null for an answer that is not one (a playlist, an image, the metrics). */
  static Integer errno(HttpResponse<Buffer> answer) {
    String type = answer.getHeader("content-type");
    if (type == null || !type.startsWith("application/json")) {
      return null;
    }
    return new JsonObject(answer.body()).getInteger("errno");
  }

  static String fill(String text) {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      assertThat(value).as("a value for placeholder {%s} in %s", m.group(1), text).isNotNull();
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    return m.appendTail(out).toString();
  }

  /** README.md of the repository the test runs in: the working directory is a module or the root. */
  static Path readme() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("relay-server"))) {
        return dir.resolve("README.md");
      }
    }
    throw new AssertionError("no README.md beside relay-server above " + Path.of("").toAbsolutePath());
  }

  static List<Row> read(Path readme) throws IOException {
    List<String> lines = Files.readAllLines(readme);
    int header = lines.indexOf(HEADER);
    assertThat(header).as("README.md holds the route table headed %s", HEADER).isNotNegative();
    List<Row> table = new ArrayList<>();
    for (int i = header + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
      String line = lines.get(i);
      String[] cells = line.substring(1, line.length() - 1).split("\\|", -1);
      assertThat(cells).as("cells of README row '%s' (a '|' inside a cell splits it)", line).hasSize(4);
      String params = cells[2].trim();
      Matcher query = QUERY.matcher(params);
      Set<Credential> accepts = EnumSet.noneOf(Credential.class);
      for (String words : cells[3].trim().split(", ")) {
        accepts.add(Credential.of(words, line));
      }
      table.add(new Row(cells[0].trim(), cells[1].trim().replace("`", ""), query.find() ? query.group(1) : "",
          accepts, line));
    }
    return table;
  }
}
