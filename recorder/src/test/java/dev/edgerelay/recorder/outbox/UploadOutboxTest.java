package dev.edgerelay.recorder.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgerelay.media.testing.Await;
import dev.edgerelay.media.testing.Eventually;
import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.index.SegmentRecord;
import dev.edgerelay.recorder.retention.PinnedSegments;
import dev.edgerelay.recorder.catalog.RecorderStorage;
import dev.edgerelay.recorder.state.NodeState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The upload outbox on its own: persistence, exactly once by name, retries, parking, bounds, pinning. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UploadOutboxTest {
  static final OutboxOptions FAST = new OutboxOptions(2, 0, 100, 1, 5, 100, 0);
  /** How long the outbox's worker may take to settle what a test queued, on two busy cores. */
  static final Duration DEADLINE = Duration.ofSeconds(20);

  @TempDir Path dir;
  final FakeUploader platform = new FakeUploader();
  NodeState state;
  UploadOutbox outbox;

  @AfterEach
  void close() {
    if (outbox != null) {
      outbox.close();
    }
    if (state != null) {
      state.close();
    }
  }

  UploadOutbox open(OutboxOptions options) throws Exception {
    if (state == null) {
      state = NodeState.open(dir);
    }
    outbox = UploadOutbox.open(state.outbox(), platform, options, Clock.systemUTC());
    return outbox;
  }

  /** Closes outbox and state as a stopped (or killed: in-flight items stay in flight) node would. */
  void restart(OutboxOptions options) throws Exception {
    outbox.close();
    state.close();
    state = null;
    open(options);
  }

  Path file(String name, int size) throws Exception {
    byte[] bytes = new byte[size];
    for (int i = 0; i < size; i++) {
      bytes[i] = (byte) (name.hashCode() + i);
    }
    return Files.write(dir.resolve(name.replace('/', '_')), bytes);
  }

  OutboxItem queue(String name, int size) throws Exception {
    return outbox.enqueue(UploadKind.RECORDING, file(name, size), UploadTarget.recording(name, "")).get();
  }

  OutboxStats stats() {
    return Await.result(outbox.stats());
  }

  Map<String, OutboxItem> byName() throws Exception {
    return outbox.items().get().stream().collect(java.util.stream.Collectors.toMap(i -> i.target().name(), i -> i));
  }

  /** A stop queues a recorder's last segment and closes the outbox at once after: the item must be written. */
  @Test
  void shouldWriteWhatWasQueuedBeforeCloseAndSendItAfterTheRestart() throws Exception {
    open(FAST);
    List<CompletableFuture<OutboxItem>> asked = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      asked.add(outbox.enqueue(UploadKind.RECORDING, file("rec/last/" + i, 50), UploadTarget.recording("rec/last/" + i, "")));
    }
    outbox.close(); // not waiting for the answers: what was asked before runs first

    assertThat(asked).allSatisfy(f -> assertThat(f).isCompleted().isNotCompletedExceptionally());
    restart(FAST);
    Eventually.until("all done", DEADLINE, () -> stats().done() == 20);
    assertThat(platform.sends).as("each once, none before the close").hasSize(20).doesNotHaveDuplicates();
  }

  @Test
  void shouldUploadEveryItemOnceOldestFirst() throws Exception {
    open(new OutboxOptions(1, 0, 100, 1, 5, 100, 0));
    for (int i = 0; i < 5; i++) {
      queue("rec/a/" + i, 100 + i);
    }
    Eventually.until("all done", DEADLINE, () -> stats().done() == 5);
    assertThat(platform.sends).containsExactly("rec/a/0", "rec/a/1", "rec/a/2", "rec/a/3", "rec/a/4");
    assertThat(platform.stored.get("rec/a/3")).isEqualTo(Files.readAllBytes(dir.resolve("rec_a_3")));
    OutboxStats s = stats();
    assertThat(List.of(s.pending(), s.inFlight(), s.parked(), (int) s.bytesPending())).containsOnly(0);
  }

  @Test
  void shouldNotQueueTheSameTargetTwice() throws Exception {
    open(FAST);
    OutboxItem first = queue("rec/a/0", 10);
    OutboxItem again = queue("rec/a/0", 10);
    assertThat(again.sequence()).isEqualTo(first.sequence());
    Eventually.until("done", DEADLINE, () -> stats().done() == 1);
    queue("rec/a/0", 10);
    assertThat(stats().pending() + stats().inFlight()).isZero();
    assertThat(platform.sendsOf("rec/a/0")).isEqualTo(1);
  }

  @Test
  void shouldRetryServerErrorsAndParkPermanentRefusalsWhileTheRestGoesOn() throws Exception {
    platform.fail("rec/retry", UploadFailure.Disposition.RETRY, "errno 503: busy");
    platform.fail("rec/retry", UploadFailure.Disposition.RETRY_UNKNOWN, "connection reset");
    platform.fail("rec/bad", UploadFailure.Disposition.PARK, "errno 1001: invalid name");
    platform.fail("rec/big", UploadFailure.Disposition.PARK, "errno 413: too large");
    open(FAST);
    queue("rec/retry", 50);
    queue("rec/bad", 50);
    queue("rec/big", 50);
    queue("rec/fine", 50);
    Eventually.until("settled", DEADLINE, () -> stats().done() == 2 && stats().parked() == 2);
    Map<String, OutboxItem> items = byName();
    assertThat(items.get("rec/retry").attempts()).isEqualTo(3);
    assertThat(items.get("rec/bad").lastError()).contains("1001");
    assertThat(items.get("rec/big").lastError()).contains("413");
    assertThat(items.get("rec/bad").attempts()).isEqualTo(1); // not retried blindly
    assertThat(platform.checks.get()).as("the reset one was checked before resending").isEqualTo(1);
    assertThat(stats().recentFailures()).extracting(OutboxStats.Failure::reason)
        .contains("errno 503: busy", "errno 1001: invalid name", "errno 413: too large");
    restart(FAST);
    assertThat(stats().parked()).as("parked items stay parked across restarts").isEqualTo(2);
    assertThat(byName().get("rec/bad").lastError()).contains("1001");
  }

  @Test
  void shouldNotSendAgainWhatArrivedBeforeACrash() throws Exception {
    platform.hang.add("rec/lost-answer");
    platform.storeHung = true;
    open(FAST);
    queue("rec/lost-answer", 300);
    Eventually.until("in flight", DEADLINE, () -> stats().inFlight() == 1);
    platform.hang.clear();
    restart(FAST);
    Eventually.until("done after restart", DEADLINE, () -> stats().done() == 1);
    assertThat(platform.sendsOf("rec/lost-answer")).as("found at the platform, not sent again").isEqualTo(1);
    assertThat(platform.checks.get()).isEqualTo(1);
  }

  @Test
  void shouldSendAgainWhatDidNotArriveBeforeACrash() throws Exception {
    platform.hang.add("rec/lost-request");
    open(FAST);
    queue("rec/lost-request", 300);
    Eventually.until("in flight", DEADLINE, () -> stats().inFlight() == 1);
    platform.hang.clear();
    restart(FAST);
    Eventually.until("done after restart", DEADLINE, () -> stats().done() == 1);
    assertThat(platform.sendsOf("rec/lost-request")).isEqualTo(2);
    assertThat(platform.stored).containsOnlyKeys("rec/lost-request");
  }

  @Test
  void shouldTakeATakenNameHoldingOurBytesAsDeliveredAndParkAForeignOne() throws Exception {
    open(FAST);
    Path ours = file("pic-ours", 40);
    platform.stored.put("pic-ours", Files.readAllBytes(ours));
    platform.stored.put("pic-foreign", new byte[7]);
    platform.fail("pic-ours", UploadFailure.Disposition.NAME_TAKEN, "errno 126: name exists");
    platform.fail("pic-foreign", UploadFailure.Disposition.NAME_TAKEN, "errno 126: name exists");
    outbox.enqueue(UploadKind.PICTURE, ours, UploadTarget.picture("1", 0, "jpg", "pic-ours", "")).get();
    outbox.enqueue(UploadKind.PICTURE, file("pic-foreign", 40), UploadTarget.picture("1", 0, "jpg", "pic-foreign", ""))
        .get();
    Eventually.until("settled", DEADLINE, () -> stats().done() == 1 && stats().parked() == 1);
    assertThat(byName().get("pic-ours").state()).isEqualTo(OutboxState.DONE);
    assertThat(byName().get("pic-foreign").lastError()).contains("name taken");
  }

  @Test
  void shouldParkASegmentDeletedBeforeUploadAsAVisibleLoss() throws Exception {
    platform.hang.add("rec/first");
    open(new OutboxOptions(1, 0, 100, 1, 5, 100, 0));
    queue("rec/first", 10);
    OutboxItem second = queue("rec/second", 10);
    Files.delete(Path.of(second.localRef())); // retention had to free the disk
    platform.hang.clear();
    restart(new OutboxOptions(1, 0, 100, 1, 5, 100, 0));
    Eventually.until("settled", DEADLINE, () -> stats().done() == 1 && stats().parked() == 1);
    assertThat(byName().get("rec/second").lastError()).contains("local file gone");
  }

  @Test
  void shouldPinQueuedSegmentsUntilTheyAreUploaded() throws Exception {
    ChannelRef channel = new ChannelRef("100", 1);
    SegmentRecord segment = new SegmentRecord(channel, 1_000, 2_000, 10, 1_000, false);
    Path file = file("seg", 10);
    platform.hang.add("rec/seg");
    open(FAST);
    PinnedSegments pinned = outbox.pinned(s -> file);
    assertThat(pinned.isPinned(segment)).isFalse();
    outbox.enqueue(UploadKind.RECORDING, file, UploadTarget.recording("rec/seg", "")).get();
    assertThat(pinned.isPinned(segment)).isTrue();
    platform.hang.clear();
    restart(FAST);
    Eventually.until("done", DEADLINE, () -> stats().done() == 1);
    assertThat(outbox.pinned(s -> file).isPinned(segment)).isFalse();
  }

  @Test
  void shouldSendAParkedItemAgainOnRequestAndPinItsSegmentAgain() throws Exception {
    platform.fail("rec/quota", UploadFailure.Disposition.PARK, "errno 413: too large");
    platform.fail("rec/other", UploadFailure.Disposition.PARK, "errno 403: forbidden");
    open(FAST);
    OutboxItem quota = queue("rec/quota", 50);
    queue("rec/other", 50);
    Eventually.until("both parked", DEADLINE, () -> stats().parked() == 2);
    Path file = Path.of(quota.localRef());
    SegmentRecord segment = new SegmentRecord(new ChannelRef("100", 1), 1_000, 2_000, 50, 1_000, false);
    assertThat(outbox.pinned(s -> file).isPinned(segment)).as("a parked segment is not kept").isFalse();

    platform.hang.add("rec/quota"); // hold it in flight to see it pinned again
    List<OutboxItem> retried = outbox.retryParked(quota.sequence()).get();
    assertThat(retried).extracting(OutboxItem::sequence).containsExactly(quota.sequence());
    assertThat(outbox.pinned(s -> file).isPinned(segment)).isTrue();
    assertThat(stats().parked()).as("only the one asked for").isEqualTo(1);
    Eventually.until("sent again", DEADLINE, () -> platform.sendsOf("rec/quota") == 2);

    platform.hang.clear();
    restart(FAST);
    Eventually.until("the retried item done, the other still parked", DEADLINE, () -> stats().done() == 1 && stats().parked() == 1);
    assertThat(platform.stored).containsKey("rec/quota");
    assertThat(outbox.retryParked(null).get()).extracting(i -> i.target().name()).containsExactly("rec/other");
    Eventually.until("all done", DEADLINE, () -> stats().done() == 2);
    assertThat(platform.sendsOf("rec/other")).isEqualTo(2);
  }

  @Test
  void shouldDiscardOnlyParkedItemsAndForgetThemForGood() throws Exception {
    platform.fail("rec/drop", UploadFailure.Disposition.PARK, "errno 1001: invalid name");
    open(FAST);
    OutboxItem drop = queue("rec/drop", 50);
    OutboxItem fine = queue("rec/fine", 50);
    Eventually.until("settled", DEADLINE, () -> stats().done() == 1 && stats().parked() == 1);

    assertThatThrownBy(() -> outbox.discardParked(fine.sequence()).get()).cause()
        .isInstanceOf(NotParkedException.class).hasMessageContaining("done")
        .satisfies(e -> assertThat(((NotParkedException) e).exists()).isTrue());
    assertThatThrownBy(() -> outbox.retryParked(9_999L).get()).cause()
        .isInstanceOf(NotParkedException.class).satisfies(e -> assertThat(((NotParkedException) e).exists()).isFalse());
    assertThat(outbox.discardParked(drop.sequence()).get().lastError()).contains("1001");
    assertThat(stats().parked()).isZero();
    assertThat(byName()).doesNotContainKey("rec/drop");
    restart(FAST);
    assertThat(byName()).as("gone from the stored outbox too").doesNotContainKey("rec/drop").containsKey("rec/fine");
    assertThat(queue("rec/drop", 50).state()).as("its name may be queued anew").isEqualTo(OutboxState.PENDING);
  }

  @Test
  void shouldRefuseNewItemsWhenFull() throws Exception {
    platform.hang.add("rec/0");
    platform.hang.add("rec/1");
    open(new OutboxOptions(2, 0, 2, 1, 5, 100, 0));
    queue("rec/0", 10);
    queue("rec/1", 10);
    assertThatThrownBy(() -> queue("rec/2", 10)).hasCauseInstanceOf(OutboxFullException.class);
    assertThat(stats().refused()).isEqualTo(1);
  }

  @Test
  void shouldCarryTheOutboxThroughRebuildIndex() throws Exception {
    Path data = dir.resolve("node");
    platform.hang.add("rec/promised");
    try (RecorderStorage storage = RecorderStorage.open(data, 30_000)) {
      outbox = UploadOutbox.open(storage.state().outbox(), platform, FAST, Clock.systemUTC());
      platform.fail("rec/parked", UploadFailure.Disposition.PARK, "errno 403: forbidden");
      queue("rec/promised", 10);
      queue("rec/parked", 10);
      Eventually.until("one in flight, one parked", DEADLINE, () -> stats().inFlight() == 1 && stats().parked() == 1);
      outbox.close();
    }
    platform.hang.clear();
    try (RecorderStorage storage = RecorderStorage.rebuild(data, 30_000)) {
      outbox = UploadOutbox.open(storage.state().outbox(), platform, FAST, Clock.systemUTC());
      Eventually.until("the promised upload done after the rebuild", DEADLINE, () -> stats().done() == 1);
      assertThat(byName().get("rec/promised").state()).isEqualTo(OutboxState.DONE);
      assertThat(byName().get("rec/parked").lastError()).contains("403");
      outbox.close();
      outbox = null;
    }
  }

  @Test
  void shouldParkAnItemThePortCannotSendAndGoOn() throws Exception {
    Uploader throwing = new Uploader() {
      @Override
      public java.util.concurrent.CompletionStage<Void> send(OutboxItem item, UploadBody body) {
        if (item.target().name().equals("rec/unsendable")) {
          throw new IllegalArgumentException("no such product");
        }
        return platform.send(item, body);
      }

      @Override
      public java.util.concurrent.CompletionStage<Boolean> delivered(OutboxItem item, long sizeBytes) {
        return platform.delivered(item, sizeBytes);
      }
    };
    state = NodeState.open(dir);
    outbox = UploadOutbox.open(state.outbox(), throwing, FAST, Clock.systemUTC());
    queue("rec/unsendable", 10);
    queue("rec/fine", 10);
    Eventually.until("settled", DEADLINE, () -> stats().done() == 1 && stats().parked() == 1);
    assertThat(byName().get("rec/unsendable").lastError()).contains("no such product");
  }

  @Test
  void shouldFailRatherThanHangWhenQueuedAfterClose() throws Exception {
    open(FAST);
    outbox.close();
    assertThatThrownBy(() -> queue("rec/late", 10)).hasCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  void shouldKeepOnlyTheNewestDoneItems() throws Exception {
    open(new OutboxOptions(2, 0, 100, 1, 5, 3, 0));
    for (int i = 0; i < 6; i++) {
      queue("rec/d/" + i, 10);
    }
    Eventually.until("done", DEADLINE, () -> platform.stored.size() == 6 && stats().pending() + stats().inFlight() == 0);
    assertThat(stats().done()).isEqualTo(3);
    restart(FAST);
    assertThat(outbox.items().get()).hasSize(3);
  }
}
