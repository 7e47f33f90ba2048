package dev.edgerelay.relay.site;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgerelay.media.testing.Await;
import dev.edgerelay.media.testing.Eventually;
import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.outbox.ObjectNames;
import dev.edgerelay.relay.hub.StreamKey;
import dev.edgerelay.relay.upload.CountingPlatformProxy;
import dev.edgerelay.sim.StoredObject;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uploads through a kill (CLUSTER.md, "Acceptance": uploads through a kill and a restart, 0 lost, 0 duplicated;
 * docs/architecture.md, "Cluster: a dead node's outbox"). Three node JVMs on 127.0.0.1 with upload policy
 * {@code all}, the emulator with {@link #CAMERAS} loop cameras (GOP 2 s), the first channel of each recorded. The
 * emulator's object storage then fails every upload (503) and a non-master holding recorders is killed with kill -9
 * while its outbox holds segments: the survivors show its stranded uploads in {@code /edge/cluster} and
 * {@code edge_cluster_stranded_uploads}. The faults clear, the node restarts and gets its channels back, recording
 * stops; once every outbox is empty, each finished segment on every node's disk is in the emulator's object store
 * under its name, byte for byte, accepted exactly once (counted by a {@link CountingPlatformProxy} in front of the
 * emulator), and nothing else is there. On the way, the real-time lists across node JVMs (spec 13): getpushlist names
 * each channel's recorder once, leaves out the relay a viewer on another node causes (getonlinelist lists that viewer
 * at its node), and with the killed node down is marked partial, naming it.
 */
@Tag("interop")
@ExtendWith(VertxExtension.class)
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class UploadFailoverTest {
  static final int CAMERAS = Integer.getInteger("site.uploadcameras", 12);
  static final int NODES = 3;
  static final int RECORD_SEGMENT_MS = 2_000;
  /** Segments each recorded channel of the victim should have stranded in its outbox before the kill. */
  static final int STRANDED_PER_CHANNEL = 2;
  /** The emulator's object storage routes (spec 15): the fault takes all of them, uploads and look-ups alike. */
  static final String OBJECT_STORAGE = "/ipc/video/file/";
  static final Duration DRAINED_WITHIN = Duration.ofSeconds(90);
  private static final Pattern FINISHED = Pattern.compile("(\\d{1,18})-(\\d{1,12})\\.ts");

  @TempDir static Path root;
  static Site site;
  static CountingPlatformProxy proxy;
  static WebClient control;
  static final List<String> report = new ArrayList<>();

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    control = WebClient.create(vertx);
    site = Site.start(vertx, root, CAMERAS, NODES, true, sim -> {
      proxy = Await.result(CountingPlatformProxy.start(vertx, sim.httpPort()).toCompletionStage());
      return "http://127.0.0.1:" + proxy.port();
    }, List.of("--hls-segment-ms", "2000", "--record-segment-ms", String.valueOf(RECORD_SEGMENT_MS),
        "--cluster-join-grace-ms", "0", "--cluster-heartbeat-timeout-ms", "3000", "--upload-policy", "all",
        "--upload-backoff-ms", "200", "--upload-backoff-max-ms", "1000", "--upload-unknown-grace-ms", "1500"));
  }

  @AfterAll
  static void stop() throws Exception {
    System.out.println("=== uploads through a kill: " + NODES + " node JVMs on 127.0.0.1, " + CAMERAS
        + " recorded channels (GOP 2 s, " + RECORD_SEGMENT_MS + " ms segments), upload policy all ===");
    report.forEach(System.out::println);
    System.out.println("=== end ===");
    if (site != null) {
      site.close();
    }
    if (proxy != null) {
      proxy.close();
    }
    if (control != null) {
      control.close();
    }
  }

  @Test
  void shouldUploadEverySegmentOnceAfterAKillWhileObjectStorageFailed(Vertx vertx) throws Exception {
    List<StreamKey> recorded = site.firstChannels();
    new SiteRecorders(site).recordAll(recorded);
    Map<StreamKey, String> recorders = new SiteRecorders(site).awaitOneEach(recorded, "after record_video");
    assertPushListNamesTheRecorders(site.nodes.get(0), recorders, null);
    assertRelayedViewerListedWithoutItsRelay(vertx, recorders);
    Eventually.until("an upload of every recorded channel accepted", SiteRecorders.SETTLE_WITHIN,
        () -> proxy.acceptedTotal() >= recorded.size());

    SiteNode master = Eventually.value("the nodes agreeing on the master", SiteRecorders.SETTLE_WITHIN, site::master,
        m -> m != null);
    SiteNode victim = site.nodes.stream().filter(n -> n != master)
        .max((a, b) -> Long.compare(held(recorders, a), held(recorders, b))).orElseThrow();
    List<SiteNode> survivors = site.others(victim);
    long wanted = Math.max(1, held(recorders, victim)) * STRANDED_PER_CHANNEL;

    fault(true);
    Eventually.until(victim.name + "'s record showing " + wanted + " uploads held", SiteRecorders.SETTLE_WITHIN,
        () -> outboxHeld(survivors.get(0), victim) >= wanted);
    long heldAtKill = outboxHeld(survivors.get(0), victim);
    victim.kill();
    report.add("killed " + victim.name + " (not the master) holding " + held(recorders, victim)
        + " recorders, its record showing " + heldAtKill + " uploads held; accepted before the faults: "
        + proxy.acceptedTotal());

    for (SiteNode s : survivors) {
      Eventually.until(s.name + " showing " + victim.name + "'s stranded uploads in /edge/cluster and metrics",
          SiteRecorders.SETTLE_WITHIN, () -> strandedInCluster(s, victim) > 0 && strandedInMetrics(s, victim) > 0);
      report.add(s.name + " shows " + victim.name + " down with " + strandedInCluster(s, victim)
          + " stranded uploads (/edge/cluster), edge_cluster_stranded_uploads " + strandedInMetrics(s, victim));
    }
    assertPushListNamesTheRecorders(survivors.get(0),
        new SiteRecorders(site).awaitOneEach(recorded, "after the kill of " + victim.name), victim);

    fault(false);
    site.restart(victim);
    site.awaitMembers(site.nodes, NODES);
    new SiteRecorders(site).awaitOneEach(recorded, "after " + victim.name + " came back");
    for (SiteNode s : survivors) {
      Eventually.until(s.name + " no longer showing stranded uploads", SiteRecorders.SETTLE_WITHIN,
          () -> strandedInCluster(s, victim) == 0);
    }

    new SiteRecorders(site).stopAll(recorded);
    Eventually.until("no recorder and no segment being written on any node", SiteRecorders.SETTLE_WITHIN,
        () -> nobodyRecording(recorded));
    for (SiteNode n : site.nodes) {
      Eventually.until(n.name + "'s outbox empty", DRAINED_WITHIN, () -> outboxSettled(n));
    }
    Eventually.until("no upload left in flight at the platform", DRAINED_WITHIN,
        () -> proxy.uploadsInFlight.get() == 0);

    assertEverySegmentAtThePlatformOnce(recorded);
  }

  /**
   * getpushlist (spec 13.2) asked of {@code on} lists, from every node, one push per recorded channel: the pull of
   * the node recording it. With {@code dead} down, the answer is marked partial and names it.
   */
  static void assertPushListNamesTheRecorders(SiteNode on, Map<StreamKey, String> recorders, SiteNode dead) {
    JsonObject answer = Eventually.value("getpushlist on " + on.name + " naming each channel's recorder",
        SiteRecorders.SETTLE_WITHIN, () -> site.probe.get(on, "/ipc/video/stat/getpushlist?productid="
            + site.sim.productId() + "&page_size=100"), a -> a != null && pushes(a).equals(recorders));
    report.add("getpushlist on " + on.name + ": " + answer.getJsonArray("result").size() + " pushes"
        + (dead == null ? "" : ", partial " + answer.getBoolean("partial") + ", unavailable "
            + answer.getJsonArray("unavailable_nodes")));
    if (dead == null) {
      assertThat(answer.containsKey("partial")).as("getpushlist with every node up").isFalse();
    } else {
      assertThat(answer.getBoolean("partial")).as("getpushlist with " + dead.name + " down").isTrue();
      assertThat(answer.getJsonArray("unavailable_nodes")).containsExactly(dead.name);
    }
  }

  /**
   * An HLS viewer of a channel on a node that does not record it (so it is served there through a relay from the
   * recorder's node): getonlinelist (spec 13.1) asked of the third node lists that viewer at its node, and neither
   * list shows the relay (getpushlist still names only the recorders).
   */
  static void assertRelayedViewerListedWithoutItsRelay(Vertx vertx, Map<StreamKey, String> recorders) {
    StreamKey key = recorders.keySet().iterator().next();
    SiteNode origin = site.byName(recorders.get(key));
    SiteNode serving = site.others(origin).get(0);
    SiteNode asked = site.others(origin).get(1);
    String token = site.probe.playAddress(serving, key, 1).getString("accessToken");
    HlsWatcher viewer = HlsWatcher.watch(vertx, control, serving, key, token);
    try {
      long from = System.currentTimeMillis();
      Eventually.until("media for the viewer on " + serving.name, SiteRecorders.SETTLE_WITHIN,
          () -> viewer.firstMediaSince(from) >= 0);
      JsonObject online = Eventually.value("getonlinelist on " + asked.name + " listing the viewer",
          SiteRecorders.SETTLE_WITHIN, () -> site.probe.get(asked, "/ipc/video/stat/getonlinelist?productid="
              + site.sim.productId()), a -> a != null && a.getJsonArray("result").size() == 1);
      JsonObject row = online.getJsonArray("result").getJsonObject(0);
      report.add("getonlinelist on " + asked.name + " with one HLS viewer of " + key + " on " + serving.name
          + " (relayed from " + origin.name + "): " + row.encode());
      assertThat(row.getString("node")).isEqualTo(serving.name);
      assertThat(row.getString("protocoltype")).isEqualTo("HLS");
      assertThat(row.getInteger("channelid")).isEqualTo(key.channelId());
      assertPushListNamesTheRecorders(asked, recorders, null);
    } finally {
      viewer.stop();
    }
  }

  /** Channel to the node each getpushlist row names. */
  static Map<StreamKey, String> pushes(JsonObject answer) {
    Map<StreamKey, String> out = new LinkedHashMap<>();
    answer.getJsonArray("result", new JsonArray()).forEach(r -> {
      JsonObject row = (JsonObject) r;
      out.put(new StreamKey(String.valueOf(row.getValue("deviceid")), row.getInteger("channelid")),
          row.getString("node"));
    });
    return out;
  }

  /**
   * Every finished segment of {@code recorded} on every node's disk is an object of its deterministic name
   * ({@link ObjectNames#recording}) with the file's bytes, accepted once; no object without a segment; no name
   * given by two nodes.
   */
  static void assertEverySegmentAtThePlatformOnce(List<StreamKey> recorded) throws IOException {
    Map<String, Path> onDisk = new TreeMap<>();
    List<String> givenTwice = new ArrayList<>();
    for (SiteNode node : site.nodes) {
      for (StreamKey k : recorded) {
        finishedSegments(node, k).forEach((name, file) -> {
          if (onDisk.put(name, file) != null) {
            givenTwice.add(name);
          }
        });
      }
    }
    Map<String, StoredObject> objects = site.sim.state().objects().list(site.sim.productId(), "rec/").stream()
        .collect(Collectors.toMap(StoredObject::name, Function.identity()));
    report.add(onDisk.size() + " segments on the nodes' disks, " + objects.size() + " objects at the platform, "
        + proxy.serverErrors.get() + " requests failed by the platform (5xx)");
    report.add("closest starts of one channel's segments on two nodes (a handoff's overlap), ms: "
        + closestAcrossNodes(recorded));
    assertThat(givenTwice).as("object names two segments share").isEmpty();
    assertThat(onDisk).as("segments recorded").hasSizeGreaterThan(recorded.size() * 3);
    List<String> wrong = new ArrayList<>();
    for (Map.Entry<String, Path> e : onDisk.entrySet()) {
      String name = e.getKey();
      StoredObject object = objects.get(name);
      if (object == null) {
        wrong.add(name + ": missing");
      } else if (!Arrays.equals(object.data(), Files.readAllBytes(e.getValue()))) {
        wrong.add(name + ": bytes differ from " + e.getValue());
      } else if (proxy.acceptedOf(name) != 1) {
        wrong.add(name + ": accepted " + proxy.acceptedOf(name) + " times");
      }
    }
    assertThat(wrong).as("segments not at the platform exactly once with their bytes").isEmpty();
    assertThat(objects.keySet()).as("objects at the platform").containsExactlyInAnyOrderElementsOf(onDisk.keySet());
  }

  /**
   * For each channel whose segments lie on two nodes, how far apart the closest two starts on different nodes are:
   * two nodes recording one channel at once (a handoff) cut at the same keyframes, and equal starts would be one
   * object name for two files.
   */
  static List<Long> closestAcrossNodes(List<StreamKey> recorded) {
    List<Long> out = new ArrayList<>();
    for (StreamKey k : recorded) {
      List<RecordedSegments.Segment> all = RecordedSegments.of(site.nodes, k).segments();
      long closest = Long.MAX_VALUE;
      for (int i = 1; i < all.size(); i++) {
        if (!all.get(i).node().equals(all.get(i - 1).node())) {
          closest = Math.min(closest, all.get(i).startMillis() - all.get(i - 1).startMillis());
        }
      }
      if (closest != Long.MAX_VALUE) {
        out.add(closest);
      }
    }
    out.sort(null);
    return out;
  }

  /** Object name to file of {@code node}'s finished segments of {@code key}. */
  static Map<String, Path> finishedSegments(SiteNode node, StreamKey key) {
    Path channel = node.dataDir().resolve("recordings").resolve(key.deviceId())
        .resolve(Integer.toString(key.channelId()));
    Map<String, Path> out = new TreeMap<>();
    if (!Files.isDirectory(channel)) {
      return out;
    }
    ChannelRef ref = new ChannelRef(key.deviceId(), key.channelId());
    try (Stream<Path> files = Files.walk(channel, 2)) {
      files.forEach(f -> {
        Matcher m = FINISHED.matcher(f.getFileName().toString());
        if (m.matches()) {
          out.put(ObjectNames.recording(ref, Long.parseLong(m.group(1))), f);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** The emulator's object storage failing every request with 503 ({@code on}), or every fault cleared. */
  static void fault(boolean on) {
    String url = site.sim.baseUrl() + "/sim/faults";
    JsonObject answer = Await.result((on ? control.postAbs(url).sendJsonObject(new JsonObject()
        .put("path_prefix", OBJECT_STORAGE).put("status", 503).put("rate", 1.0))
        : control.deleteAbs(url).send()).toCompletionStage()).bodyAsJsonObject();
    assertThat(answer.getInteger("errno")).as("/sim/faults: " + answer).isZero();
  }

  static long held(Map<StreamKey, String> recorders, SiteNode node) {
    return recorders.values().stream().filter(node.name::equals).count();
  }

  /** Uploads {@code of}'s outbox holds as {@code on} reads its record in {@code /edge/cluster}; -1 without one. */
  static long outboxHeld(SiteNode on, SiteNode of) {
    JsonObject record = entry(on, of, "members");
    return record == null ? -1 : record.getLong("outbox_pending", 0L) + record.getLong("outbox_in_flight", 0L)
        + record.getLong("outbox_parked", 0L);
  }

  /** {@code of}'s stranded uploads as {@code on}'s {@code /edge/cluster} lists it down; 0 when it is not down. */
  static long strandedInCluster(SiteNode on, SiteNode of) {
    JsonObject down = entry(on, of, "down");
    return down == null ? 0 : down.getLong("stranded_uploads", 0L);
  }

  static double strandedInMetrics(SiteNode on, SiteNode of) {
    return on.alive() ? site.probe.metric(on, "edge_cluster_stranded_uploads{node=\"" + of.name + "\"}") : Double.NaN;
  }

  /** {@code of}'s entry in the list {@code list} of {@code on}'s {@code /edge/cluster}, null when not there. */
  static JsonObject entry(SiteNode on, SiteNode of, String list) {
    JsonObject answer = site.probe.get(on, "/edge/cluster");
    if (answer == null) {
      return null;
    }
    JsonArray entries = answer.getJsonObject("data", answer).getJsonArray(list, new JsonArray());
    for (int i = 0; i < entries.size(); i++) {
      if (of.name.equals(entries.getJsonObject(i).getString("name"))) {
        return entries.getJsonObject(i);
      }
    }
    return null;
  }

  /** Every node answers, none records any of {@code recorded}, and no disk holds a {@code .part}. */
  static boolean nobodyRecording(List<StreamKey> recorded) {
    for (SiteNode n : site.nodes) {
      if (site.probe.get(n, "/edge/channels") == null) {
        return false;
      }
    }
    return new SiteRecorders(site).recorders(recorded).isEmpty()
        && recorded.stream().noneMatch(k -> site.nodes.stream()
            .anyMatch(n -> RecordedSegments.of(List.of(n), k).writing(n.name)));
  }

  /** {@code node}'s outbox holds nothing pending, in flight or parked. */
  static boolean outboxSettled(SiteNode node) {
    JsonObject answer = site.probe.get(node, "/edge/outbox");
    if (answer == null) {
      return false;
    }
    JsonObject stats = answer.getJsonObject("data", answer);
    return stats.getLong("pending", -1L) == 0 && stats.getLong("in_flight", -1L) == 0
        && stats.getLong("parked", -1L) == 0;
  }
}
