package dev.edgerelay.relay.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.testing.Eventually;
import dev.edgerelay.relay.testing.TestNode;
import dev.edgerelay.recorder.index.SegmentRecord;
import dev.edgerelay.recorder.store.SegmentFiles;
import dev.edgerelay.recorder.store.SegmentStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety of recording: {@code kill -9} of a recording node loses at most the unfinished tail of the
 * current segment, and after a restart the index agrees with the disk. The node runs in a forked JVM
 * ({@link RecordingNodeMain}) recording an emulator camera in 2 s segments.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class CrashRecoveryTest {
  @TempDir Path data;
  Process node;

  /** Lines of the forked node's output kept for a failure message. */
  private static final int NODE_OUTPUT_LINES_KEPT = 60;

  @AfterEach
  void killLeftover() {
    if (node != null && node.isAlive()) {
      node.destroyForcibly();
    }
  }

  Process startNode() throws Exception {
    int port = TestNode.freePortPair(); // the forked node binds port and port + 1
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder pb = new ProcessBuilder(java.toString(), "-Xmx384m", "-XX:+UseSerialGC",
        "-cp", System.getProperty("java.class.path"), RecordingNodeMain.class.getName(), data.toString(),
        Integer.toString(port)).redirectErrorStream(true);
    Process p = pb.start();
    CompletableFuture<Void> recording = new CompletableFuture<>();
    Deque<String> lastLines = new ConcurrentLinkedDeque<>();
    Thread drain = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          lastLines.addLast(line);
          if (lastLines.size() > NODE_OUTPUT_LINES_KEPT) {
            lastLines.pollFirst();
          }
          if (line.startsWith("RECORDING ")) {
            recording.complete(null);
          }
        }
      } catch (Exception e) {
        recording.completeExceptionally(e);
      }
      recording.completeExceptionally(new AssertionError("the node exited before recording"));
    }, "node-output");
    drain.setDaemon(true);
    drain.start();
    try {
      recording.get(90, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      // what the forked node said is the only clue to why it did not start
      throw new AssertionError("the forked node is not recording; its last output:\n" + String.join("\n", lastLines), e);
    }
    return p;
  }

  List<Path> files(String suffix) throws Exception {
    Path root = data.resolve("recordings");
    if (!Files.exists(root)) {
      return List.of();
    }
    try (Stream<Path> w = Files.walk(root)) {
      return w.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
    }
  }

  boolean partWithData() {
    try {
      for (Path p : files(SegmentFiles.PART_SUFFIX)) {
        if (Files.size(p) > 188 * 100) {
          return true;
        }
      }
      return false;
    } catch (Exception e) {
      return false;
    }
  }

  /** The index and the disk name the same segments, and no part file is left. */
  void assertIndexAgreesWithDisk(SegmentStore store) throws Exception {
    SegmentFiles layout = store.files();
    Set<String> onDisk = files(".ts").stream().map(layout::parse)
        .map(p -> p.channel() + "/" + p.startMillis() + "-" + p.durationMillis()).collect(Collectors.toCollection(TreeSet::new));
    Set<String> indexed = new TreeSet<>();
    store.index().segments().forEach(s -> indexed.add(s.channel() + "/" + s.startMillis() + "-" + s.durationMillis()));
    assertThat(indexed).isEqualTo(onDisk);
    assertThat(files(SegmentFiles.PART_SUFFIX)).isEmpty();
    List<SegmentRecord> all = new ArrayList<>();
    store.index().segments().forEach(all::add);
    for (SegmentRecord s : all) {
      assertThat(Files.size(store.file(s))).isEqualTo(s.sizeBytes());
    }
  }

  static int decodeFrames(Path ts) throws Exception {
    int frames = 0;
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(ts.toFile())) {
      g.start();
      for (Frame f; (f = g.grabImage()) != null; ) {
        frames++;
      }
    }
    return frames;
  }

  @Test
  void shouldLoseAtMostTheUnfinishedTailWhenKilledAndAgreeWithTheDiskAfterRestart() throws Exception {
    avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    node = startNode();
    // the disk of another process gives no event to await: poll it with a deadline
    Eventually.until("three finished segments and a part file with data", Duration.ofSeconds(60), () -> {
      try {
        return files(".ts").size() >= 3 && partWithData();
      } catch (Exception e) {
        return false;
      }
    });
    List<Path> finishedBefore = files(".ts");

    node.destroyForcibly(); // SIGKILL: no shutdown hook, no flush, RocksDB not closed
    assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
    long killedAt = System.currentTimeMillis();

    try (SegmentStore store = SegmentStore.open(data, 30_000)) {
      SegmentStore.Reconciliation r = store.reconcile();
      assertThat(r.finalisedParts() + r.discardedParts()).as("the torn segment was finalised or dropped").isEqualTo(1);
      assertThat(r.droppedEntries()).isZero();
      assertThat(files(".ts")).containsAll(finishedBefore); // nothing finished before the kill is lost
      assertIndexAgreesWithDisk(store);
      List<SegmentRecord> all = new ArrayList<>();
      store.index().segments().forEach(all::add);
      assertThat(all.size()).isGreaterThanOrEqualTo(finishedBefore.size());
      for (SegmentRecord s : all.subList(Math.max(0, all.size() - 2), all.size())) {
        assertThat(decodeFrames(store.file(s))).as("%s decodes", s).isPositive();
      }
    }

    node = startNode(); // recording resumes from the persisted state
    Eventually.until("a segment recorded after the restart", Duration.ofSeconds(60), () -> {
      try {
        return files(".ts").stream().map(p -> p.getFileName().toString())
            .anyMatch(n -> Long.parseLong(n.substring(0, n.indexOf('-'))) > killedAt);
      } catch (Exception e) {
        return false;
      }
    });
    node.destroy(); // SIGTERM: the shutdown hook closes the node, finishing the open segment
    assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();

    try (SegmentStore store = SegmentStore.open(data, 30_000)) {
      assertThat(store.reconcile()).as("a clean stop leaves nothing to reconcile")
          .isEqualTo(new SegmentStore.Reconciliation(0, 0, 0, 0));
      assertIndexAgreesWithDisk(store);
    }
  }
}
