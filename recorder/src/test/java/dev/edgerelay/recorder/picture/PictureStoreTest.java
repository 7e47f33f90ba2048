package dev.edgerelay.recorder.picture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgerelay.recorder.ChannelRef;
import dev.edgerelay.recorder.index.PictureRecord;
import dev.edgerelay.recorder.index.RecordingIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The picture store on real files and a real index: unique names, unique instants, and the pictures' own quota. */
class PictureStoreTest {
  static final ChannelRef CAM = new ChannelRef("4001", 0);
  static final ChannelRef OTHER = new ChannelRef("4002", 1);
  @TempDir Path dir;
  RecordingIndex index;

  PictureStore open(long quotaBytes) throws Exception {
    index = RecordingIndex.open(dir.resolve("index"));
    return PictureStore.open(index.pictures(), dir.resolve("pictures"), quotaBytes);
  }

  @AfterEach
  void close() {
    index.close();
  }

  static byte[] image(int size) {
    byte[] b = new byte[size];
    b[0] = (byte) 0xFF;
    b[1] = (byte) 0xD8;
    b[2] = (byte) 0xFF;
    return b;
  }

  @Test
  void shouldStoreTheFileBesideItsMetadataAndRefuseADuplicateNameOnTheSameChannelOnly() throws Exception {
    PictureStore store = open(0);
    PictureRecord p = store.add(CAM, "door", "jpg", "front door", image(100), false, 5_000);

    assertThat(store.file(p)).isEqualTo(dir.resolve("pictures/4001/0/door.jpg"));
    assertThat(Files.readAllBytes(store.file(p))).isEqualTo(image(100));
    assertThat(store.find(CAM, "door")).contains(p);
    assertThatThrownBy(() -> store.add(CAM, "door", "png", "", image(10), false, 6_000))
        .isInstanceOfSatisfying(PictureStore.RefusedException.class,
            e -> assertThat(e.refusal()).isEqualTo(PictureStore.Refusal.NAME_TAKEN));
    assertThat(store.add(OTHER, "door", "jpg", "", image(10), false, 6_000).channel()).isEqualTo(OTHER);
    assertThat(store.usedBytes()).isEqualTo(110);
  }

  @Test
  void shouldMoveASecondPictureOfTheSameInstantOnByAMillisecond() throws Exception {
    PictureStore store = open(0);
    store.add(CAM, "a", "jpg", "", image(10), false, 7_000);
    PictureRecord b = store.add(CAM, "b", "jpg", "", image(10), false, 7_000);

    assertThat(b.takenMillis()).isEqualTo(7_001);
    assertThat(store.list(CAM, 0, Long.MAX_VALUE)).extracting(PictureRecord::name).containsExactly("a", "b");
  }

  @Test
  void shouldDeleteTheOldestPicturesOfAnyChannelWhenOverItsQuotaAndCountAgainAfterAReopen() throws Exception {
    PictureStore store = open(3_000);
    PictureRecord oldest = store.add(OTHER, "o1", "jpg", "", image(1_000), false, 1_000);
    store.add(CAM, "c1", "jpg", "", image(1_000), false, 2_000);
    store.add(CAM, "c2", "jpg", "", image(1_000), false, 3_000);
    assertThat(store.enforceQuota(Set.of())).isZero();
    store.add(OTHER, "o2", "jpg", "", image(1_000), false, 4_000);

    assertThat(store.enforceQuota(Set.of())).isEqualTo(1);

    assertThat(store.find(OTHER, "o1")).isEmpty();
    assertThat(store.file(oldest)).doesNotExist();
    assertThat(store.usedBytes()).isEqualTo(3_000);
    index.close();
    assertThat(open(3_000).usedBytes()).isEqualTo(3_000);
  }

  @Test
  void shouldKeepPicturesWaitingForUploadAndDeleteTheNextOldestInstead() throws Exception {
    PictureStore store = open(2_000);
    PictureRecord waiting = store.add(CAM, "w", "jpg", "", image(1_000), true, 1_000);
    store.add(CAM, "x", "jpg", "", image(1_000), false, 2_000);
    store.add(CAM, "y", "jpg", "", image(1_000), false, 3_000);

    assertThat(store.enforceQuota(Set.of(store.file(waiting)))).isEqualTo(1);

    assertThat(store.list(CAM, 0, Long.MAX_VALUE)).extracting(PictureRecord::name).containsExactly("w", "y");
  }

  @Test
  void shouldDeleteByNameOnlyWhatExists() throws Exception {
    PictureStore store = open(0);
    PictureRecord p = store.add(CAM, "gone", "jpg", "", image(10), false, 1_000);

    assertThat(store.delete(CAM, "gone")).isTrue();
    assertThat(store.delete(CAM, "gone")).isFalse();
    assertThat(store.file(p)).doesNotExist();
    assertThat(store.list(CAM, 0, Long.MAX_VALUE)).isEmpty();
  }
  @Test
  void shouldRebuildEveryPicturesMetadataFromTheFilesAloneOnceTheIndexIsDeleted() throws Exception {
    PictureStore store = open(0);
    List<PictureRecord> stored = List.of(
        store.add(CAM, "door", "jpg", "front door, 早上", image(100), true, 5_000),
        store.add(CAM, "yard.v2", "png", "", png(), false, 5_000), // moved on to 5_001
        store.add(OTHER, "door", "jpg", "the other door", image(300), false, 9_000));
    assertThat(dir.resolve("pictures/4001/0/.meta/door.json")).exists();
    index.close();
    deleteTree(dir.resolve("index"));

    PictureStore rebuilt = open(0);

    List<PictureRecord> back = new ArrayList<>();
    index.pictures().forEach(back::add);
    assertThat(back).containsExactlyInAnyOrderElementsOf(stored);
    assertThat(rebuilt.find(CAM, "yard.v2").orElseThrow().takenMillis()).isEqualTo(5_001);
    assertThat(rebuilt.usedBytes()).isEqualTo(100 + png().length + 300);
  }

  @Test
  void shouldReconcileGoneImagesHalfDeletedPicturesAndImagesWithoutMetadata() throws Exception {
    PictureStore store = open(0);
    PictureRecord gone = store.add(CAM, "gone", "jpg", "", image(10), false, 1_000);
    PictureRecord halfDeleted = store.add(CAM, "half", "jpg", "", image(10), false, 2_000);
    store.add(CAM, "kept", "jpg", "kept", image(10), false, 3_000);
    Files.delete(store.file(gone)); // image gone: its entry and sidecar go
    index.pictures().remove(halfDeleted); // a crash after the image and before the sidecar went
    Files.delete(store.file(halfDeleted));
    Files.createDirectories(dir.resolve("pictures/4002/1"));
    Path bare = Files.write(dir.resolve("pictures/4002/1/bare.jpg"), image(20)); // copied in by hand
    Files.write(dir.resolve("pictures/4002/1/notes.txt"), new byte[] {1});

    PictureStore.Reconciliation r = store.reconcile();

    assertThat(r).isEqualTo(new PictureStore.Reconciliation(1, 1, 0, 1));
    assertThat(store.list(CAM, 0, Long.MAX_VALUE)).extracting(PictureRecord::name).containsExactly("kept");
    PictureRecord adopted = store.find(OTHER, "bare").orElseThrow();
    assertThat(adopted.takenMillis()).isEqualTo(Files.getLastModifiedTime(bare).toMillis());
    assertThat(adopted.upload()).isFalse();
    assertThat(dir.resolve("pictures/4001/0/.meta/gone.json")).doesNotExist();
    assertThat(dir.resolve("pictures/4001/0/.meta/half.json")).doesNotExist();
    assertThat(dir.resolve("pictures/4002/1/.meta/bare.json")).exists();
    assertThat(store.reconcile()).as("a second pass changes nothing").isEqualTo(new PictureStore.Reconciliation(0, 0, 0, 0));
  }

  @Test
  void shouldDeletePicturesPastTheAgeLimitExceptThoseWaitingForUpload() throws Exception {
    PictureStore store = open(0);
    PictureRecord old = store.add(CAM, "old", "jpg", "", image(10), false, 1_000);
    PictureRecord waiting = store.add(OTHER, "old-waiting", "jpg", "", image(10), true, 1_500);
    store.add(CAM, "young", "jpg", "", image(10), false, 5_000);

    assertThat(store.enforceAge(2_000, Set.of(store.file(waiting)))).isEqualTo(1);

    assertThat(store.find(CAM, "old")).isEmpty();
    assertThat(store.file(old)).doesNotExist();
    assertThat(dir.resolve("pictures/4001/0/.meta/old.json")).as("its metadata too").doesNotExist();
    assertThat(store.find(OTHER, "old-waiting")).isPresent();
    assertThat(store.find(CAM, "young")).isPresent();
    assertThat(store.usedBytes()).isEqualTo(20);
  }

  static byte[] png() {
    return new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0};
  }

  static void deleteTree(Path root) throws Exception {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
