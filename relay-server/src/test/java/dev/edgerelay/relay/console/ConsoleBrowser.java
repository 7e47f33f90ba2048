package dev.edgerelay.relay.console;

import dev.edgerelay.relay.interop.ChromiumHlsPlayer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The console in Debian's headless Chromium, driven by npm {@code playwright-core} from
 * {@code src/test/browser/console-e2e.mjs}: one scenario per run, which reports what the page showed as JSON
 * (the figures, the console errors and page errors seen, the step that timed out). Screenshots go to
 * {@link #SCREENS}.
 */
final class ConsoleBrowser {
  static final Path SCRIPT = ChromiumHlsPlayer.BROWSER_DIR.resolve("console-e2e.mjs");
  /** Where each scenario's screenshots are saved, relative to relay-server (Maven runs tests there). */
  static final Path SCREENS = Path.of("target/console-screens").toAbsolutePath();
  static final Path FFPROBE = Path.of("/usr/bin/ffprobe");
  /** Longest run of one scenario: the browser's start and close around its steps, each bounded by its timeout. */
  static final long RUN_BOUND_MILLIS = 150_000;

  private final String base;
  private final long stepTimeoutMillis;
  private final Path downloads;

  ConsoleBrowser(String base, long stepTimeoutMillis, Path downloads) {
    this.base = base;
    this.stepTimeoutMillis = stepTimeoutMillis;
    this.downloads = downloads;
  }

  /** Why the console cannot be driven here, or null (Chromium, node, playwright-core, ffprobe). */
  static String unavailableReason() throws InterruptedException {
    String browser = ChromiumHlsPlayer.unavailableReason();
    if (browser != null) {
      return browser;
    }
    return Files.isExecutable(FFPROBE) ? null
        : "Debian ffprobe is not installed (" + FFPROBE + "; scripts/install-peers installs ffmpeg)";
  }

  /**
   * Runs {@code scenario} signed in with {@code key}; {@code params} are the scenario's own. Fails when the
   * browser could not run; a scenario step that timed out is the report's {@code error}.
   */
  JsonObject run(String scenario, String key, JsonObject params) throws Exception {
    JsonObject args = params.copy().put("chromium", ChromiumHlsPlayer.CHROMIUM.toString()).put("base", base)
        .put("key", key).put("scenario", scenario).put("screens", SCREENS.toString())
        .put("downloads", downloads.toString()).put("timeoutMillis", stepTimeoutMillis);
    Path out = Files.createTempFile("console-e2e", ".out");
    Path err = Files.createTempFile("console-e2e", ".err");
    try {
      // output to files, so a browser that hangs is bounded here rather than blocking a read
      Process p = new ProcessBuilder(ChromiumHlsPlayer.NODE.toString(), SCRIPT.toString(), args.encode())
          .directory(ChromiumHlsPlayer.BROWSER_DIR.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile())
          .start();
      if (!p.waitFor(RUN_BOUND_MILLIS, TimeUnit.MILLISECONDS) || p.exitValue() != 0) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new AssertionError("the browser run of " + scenario + " failed: " + Files.readString(out)
            + Files.readString(err));
      }
      JsonObject report = new JsonObject(Files.readString(out, StandardCharsets.UTF_8).strip());
      System.out.println("console " + scenario + ": " + report.encode());
      return report;
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** The report's problems: the step that failed, every console error and page error, empty when clean. */
  static JsonArray problems(JsonObject report) {
    JsonArray problems = new JsonArray();
    if (report.getString("error") != null) {
      problems.add("step failed: " + report.getString("error"));
    }
    report.getJsonArray("consoleErrors").forEach(e -> problems.add("console.error: " + e));
    report.getJsonArray("pageErrors").forEach(e -> problems.add("pageerror: " + e));
    return problems;
  }
}
