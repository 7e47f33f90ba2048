package dev.edgerelay.recorder.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentFilesTest {
  private static final long MIB = 1024 * 1024;
  private static final int WRITTEN_MIB = 64;

  @TempDir Path data;

  /**
   * Retention reads free space after every commit through a volume looked up once: the figure must still follow
   * the disk, or a filling volume would never trigger a sweep.
   */
  @Test
  void shouldFollowTheVolumeAsFilesComeAndGo() throws IOException {
    SegmentFiles files = new SegmentFiles(data);
    long before = files.usableBytes();
    assertThat(Math.abs(before - Files.getFileStore(data).getUsableSpace())).isLessThan(16 * MIB);

    Path big = data.resolve("big.ts");
    writeZeros(big, WRITTEN_MIB);
    long filled = files.usableBytes();
    assertThat(before - filled).isGreaterThan((WRITTEN_MIB - 16) * MIB);

    Files.delete(big);
    assertThat(files.usableBytes() - filled).isGreaterThan((WRITTEN_MIB - 16) * MIB);
  }

  private static void writeZeros(Path file, int mib) throws IOException {
    ByteBuffer block = ByteBuffer.allocate((int) MIB);
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      for (int i = 0; i < mib; i++) {
        block.clear();
        while (block.hasRemaining()) {
          out.write(block);
        }
      }
      out.force(false);
    }
  }
}
