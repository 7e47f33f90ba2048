package dev.edgerelay.relay.interop;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * hls.js in Debian's headless Chromium, driven by npm {@code playwright-core} from a Node script
 * ({@code src/test/browser/hls-frames.mjs}): plays live playlists and reports the video frames the browser
 * presented and hls.js's fatal error, per playlist. Playwright only drives the installed {@code /usr/bin/chromium};
 * it never downloads a browser.
 */
public final class ChromiumHlsPlayer {
  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  public static final Path NODE = Path.of("/usr/bin/node");
  static final Path NPM = Path.of("/usr/bin/npm");
  /** The Node project of the browser tests, relative to relay-server (Maven runs tests there). */
  public static final Path BROWSER_DIR = Path.of("src/test/browser").toAbsolutePath();
  static final Path SCRIPT = BROWSER_DIR.resolve("hls-frames.mjs");
  /** npm ci of the pinned playwright-core (it has no browser download of its own) when install-peers has not run. */
  static final long NPM_CI_SECONDS = 120;
  /** Time for the browser to start and close around the pages' own waits. */
  static final long RUN_MARGIN_MILLIS = 30_000;

  /** What one playlist did in the browser. */
  record Play(String src, int frames, String fatal, List<String> errors) {}

  /** What a run reported: MediaSource.isTypeSupported answers for H.264 High and AAC, and each playlist's play. */
  record Report(JsonObject mse, List<Play> plays) {}

  private ChromiumHlsPlayer() {}

  /** Why the browser cannot run here, or null; installs playwright-core from the lockfile when it is missing. */
  public static String unavailableReason() throws InterruptedException {
    if (!Files.isExecutable(CHROMIUM)) {
      return "Debian chromium is not installed (" + CHROMIUM + "; scripts/install-peers installs it)";
    }
    if (!Files.isExecutable(NODE) || !Files.isExecutable(NPM)) {
      return "node/npm are not installed (" + NODE + ", " + NPM + ")";
    }
    if (!Files.isDirectory(BROWSER_DIR.resolve("node_modules/playwright-core"))) {
      try {
        ProcessBuilder ci = new ProcessBuilder(NPM.toString(), "ci", "--no-audit", "--no-fund")
            .directory(BROWSER_DIR.toFile()).redirectErrorStream(true);
        ci.environment().put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        Process p = ci.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(NPM_CI_SECONDS, TimeUnit.SECONDS) || p.exitValue() != 0) {
          p.destroyForcibly();
          return "npm ci of playwright-core in " + BROWSER_DIR + " failed: " + out;
        }
      } catch (IOException e) {
        return "npm ci of playwright-core in " + BROWSER_DIR + " failed: " + e;
      }
    }
    return null;
  }

  /**
   * Opens each of {@code joins} (playlist URL, delay before its page opens) in its own page of one browser, and
   * waits per page until {@code minFrames} frames were presented, hls.js reported a fatal error, or
   * {@code timeoutMillis}.
   */
  static Report play(String hlsJsUrl, List<JsonObject> joins, int minFrames, long timeoutMillis) throws Exception {
    JsonObject args = new JsonObject().put("chromium", CHROMIUM.toString()).put("hlsJs", hlsJsUrl)
        .put("minFrames", minFrames).put("timeoutMillis", timeoutMillis).put("joins", new JsonArray(joins));
    Path err = Files.createTempFile("hls-frames", ".err");
    try {
      Process p = new ProcessBuilder(NODE.toString(), SCRIPT.toString(), args.encode()).directory(BROWSER_DIR.toFile())
          .redirectError(err.toFile()).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      long longestDelay = joins.stream().mapToLong(j -> j.getLong("delayMillis", 0L)).max().orElse(0);
      if (!p.waitFor(longestDelay + timeoutMillis + RUN_MARGIN_MILLIS, TimeUnit.MILLISECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new AssertionError("the browser run failed: " + out + Files.readString(err));
      }
      return report(new JsonObject(out.strip()));
    } finally {
      Files.deleteIfExists(err);
    }
  }

  private static Report report(JsonObject report) {
    List<Play> plays = new ArrayList<>();
    for (Object o : report.getJsonArray("joins")) {
      JsonObject j = (JsonObject) o;
      List<String> errors = new ArrayList<>();
      j.getJsonArray("errors").forEach(e -> errors.add(String.valueOf(e)));
      plays.add(new Play(j.getString("src"), j.getInteger("frames"), j.getString("fatal"), errors));
    }
    return new Report(report.getJsonObject("mse"), plays);
  }
}
