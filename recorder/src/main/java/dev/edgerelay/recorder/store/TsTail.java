package dev.edgerelay.recorder.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Finalises a {@code .part} file left by a crash: cuts it to its last complete
 * 188-byte TS packet and measures its duration from the PES timestamps it holds (ISO/IEC 13818-1
 * 2.4.3.7), so the file can be named and indexed like any finished segment.
 */
public final class TsTail {
  static final int PACKET = 188;
  static final int SYNC = 0x47;
  /** Bytes read at a time while scanning. */
  static final int READ_BYTES = 64 * PACKET;

  /** What a scan found: the complete bytes, and the presentation span of the timing track in millis. */
  public record Scan(long completeBytes, long durationMillis, boolean playable) {}

  private TsTail() {}

  /** Truncates {@code file} to its last complete, in-sync packet and measures it. */
  public static Scan finalise(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      Scan scan = scan(ch);
      ch.truncate(scan.completeBytes());
      ch.force(true);
      return scan;
    }
  }

  static Scan scan(FileChannel ch) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(READ_BYTES);
    long offset = 0;
    Span video = new Span();
    Span audio = new Span();
    long complete = 0;
    scanning:
    while (true) {
      buf.clear();
      int n = ch.read(buf, offset);
      if (n < PACKET) {
        break;
      }
      buf.flip();
      while (buf.remaining() >= PACKET) {
        int at = buf.position();
        if ((buf.get(at) & 0xFF) != SYNC) {
          break scanning; // out of sync: whatever follows was torn
        }
        readPts(buf, at, video, audio);
        buf.position(at + PACKET);
        complete += PACKET;
      }
      offset = complete;
    }
    Span timing = video.count > 0 ? video : audio;
    long duration90k = timing.count == 0 ? 0 : timing.max - timing.min + timing.lastStep();
    return new Scan(complete, duration90k / 90, video.count > 0);
  }

  /** Reads the PTS of a packet that starts a PES (payload_unit_start_indicator set). */
  private static void readPts(ByteBuffer b, int at, Span video, Span audio) {
    boolean start = (b.get(at + 1) & 0x40) != 0;
    int afc = (b.get(at + 3) >> 4) & 0x3;
    if (!start || (afc & 0x1) == 0) {
      return;
    }
    int p = at + 4 + ((afc & 0x2) != 0 ? 1 + (b.get(at + 4) & 0xFF) : 0);
    if (p + 14 > at + PACKET || b.get(p) != 0 || b.get(p + 1) != 0 || b.get(p + 2) != 1) {
      return; // PSI section, or no PES start code
    }
    int streamId = b.get(p + 3) & 0xFF;
    if ((b.get(p + 7) & 0x80) == 0) {
      return; // no PTS
    }
    long pts = ((long) (b.get(p + 9) & 0x0E) << 29) | ((b.get(p + 10) & 0xFF) << 22)
        | ((b.get(p + 11) & 0xFE) << 14) | ((b.get(p + 12) & 0xFF) << 7) | ((b.get(p + 13) & 0xFE) >> 1);
    if (streamId >= 0xE0 && streamId <= 0xEF) {
      video.add(pts);
    } else if (streamId >= 0xC0 && streamId <= 0xDF) {
      audio.add(pts);
    }
  }

  /** Smallest and largest PTS of one track, and the step between its last two (one frame interval). */
  private static final class Span {
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    long last = Long.MIN_VALUE;
    long step;
    int count;

    void add(long pts) {
      if (last != Long.MIN_VALUE && pts > last) {
        step = pts - last;
      }
      last = pts;
      min = Math.min(min, pts);
      max = Math.max(max, pts);
      count++;
    }

    long lastStep() {
      return step;
    }
  }
}
