package dev.edgerelay.relay.site;

import dev.edgerelay.relay.hub.StreamKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A channel's recorded segments as they lie on the site's disks, read from the file names the recorder gives them
 * (docs/architecture.md, storage on disk: {@code recordings/{device_id}/{channel_id}/{yyyyMMdd}/
 * {startMillis}-{durationMillis}.ts}, {@code {startMillis}.ts.part} while being written). The nodes share this
 * machine's clock, so their times compare.
 */
record RecordedSegments(List<Segment> segments) {
  private static final Pattern FINISHED = Pattern.compile("(\\d{1,18})-(\\d{1,12})\\.ts");
  private static final Pattern PART = Pattern.compile("(\\d{1,18})\\.ts\\.part");

  /** One file: {@code endMillis} is -1 for a {@code .part} still being written (or left by a kill, not salvaged). */
  record Segment(String node, long startMillis, long endMillis) {
    boolean part() {
      return endMillis < 0;
    }
  }

  /** Every segment of {@code key} on every node's data directory, in start order. */
  static RecordedSegments of(List<SiteNode> nodes, StreamKey key) {
    List<Segment> out = new ArrayList<>();
    for (SiteNode node : nodes) {
      Path channel = node.dataDir().resolve("recordings").resolve(key.deviceId())
          .resolve(Integer.toString(key.channelId()));
      if (!Files.isDirectory(channel)) {
        continue;
      }
      try (Stream<Path> days = Files.list(channel)) {
        for (Path day : days.toList()) {
          read(node.name, day, out);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    out.sort(Comparator.comparingLong(Segment::startMillis));
    return new RecordedSegments(out);
  }

  /** The segments of one day directory, by name only (no stat: a {@code .part} may be renamed meanwhile). */
  private static void read(String node, Path day, List<Segment> out) throws IOException {
    try (Stream<Path> files = Files.list(day)) {
      files.map(f -> f.getFileName().toString()).forEach(name -> {
        Matcher m = FINISHED.matcher(name);
        if (m.matches()) {
          long start = Long.parseLong(m.group(1));
          out.add(new Segment(node, start, start + Long.parseLong(m.group(2))));
        } else if ((m = PART.matcher(name)).matches()) {
          out.add(new Segment(node, Long.parseLong(m.group(1)), -1));
        }
      });
    }
  }

  /** Whether {@code node} has a {@code .part} that started before {@code millis}: a crash's segment not salvaged. */
  boolean partBefore(String node, long millis) {
    return segments.stream().anyMatch(s -> s.node.equals(node) && s.part() && s.startMillis < millis);
  }

  /** Whether {@code node} is writing a segment now. */
  boolean writing(String node) {
    return segments.stream().anyMatch(s -> s.node.equals(node) && s.part());
  }

  /** Whether a node other than {@code than} finished a segment that started at or after {@code millis}. */
  boolean finishedElsewhereSince(String than, long millis) {
    return segments.stream().anyMatch(s -> !s.node.equals(than) && !s.part() && s.startMillis >= millis);
  }

  /**
   * The recording hole across a kill at {@code killedAt}: from the end of what the site had recorded by then (the
   * last segment end on any node among segments started before the kill, the dead node's salvaged one included) to
   * the first segment start on another node after it; 0 when another node was already covering. Empty when nothing
   * was recorded before the kill or nothing after it.
   */
  OptionalLong gapAcross(String dead, long killedAt) {
    OptionalLong covered = segments.stream().filter(s -> !s.part() && s.startMillis <= killedAt)
        .mapToLong(Segment::endMillis).max();
    if (covered.isEmpty()) {
      return OptionalLong.empty();
    }
    long until = covered.getAsLong();
    OptionalLong next = segments.stream().filter(s -> !s.node.equals(dead) && !s.part() && s.endMillis > until)
        .mapToLong(Segment::startMillis).min();
    return next.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Math.max(0, next.getAsLong() - until));
  }

  /**
   * The longest stretch after {@code fromMillis} that no finished segment of any node covers, up to the last finished
   * segment: a planned handoff's hole (0 when the new owner started before the old one stopped).
   */
  long largestHoleSince(long fromMillis) {
    long covered = Long.MIN_VALUE;
    long largest = 0;
    for (Segment s : finished()) {
      if (covered != Long.MIN_VALUE && s.startMillis > covered && s.startMillis > fromMillis) {
        largest = Math.max(largest, s.startMillis - Math.max(covered, fromMillis));
      }
      covered = Math.max(covered, s.endMillis);
    }
    return largest;
  }

  /**
   * How long, after {@code fromMillis}, finished segments of two nodes cover the same time: a planned handoff's
   * overlap, the old owner's last segment running on after the new owner's first began.
   */
  long overlapSince(long fromMillis) {
    long covered = Long.MIN_VALUE;
    String coveredBy = null;
    long twice = 0;
    for (Segment s : finished()) {
      if (s.startMillis >= fromMillis && covered > s.startMillis && !s.node.equals(coveredBy)) {
        twice += Math.min(covered, s.endMillis) - s.startMillis;
      }
      if (s.endMillis > covered) {
        covered = s.endMillis;
        coveredBy = s.node;
      }
    }
    return twice;
  }

  /** Whether {@code node} finished a segment that started at or after {@code millis}. */
  boolean finishedSince(String node, long millis) {
    return segments.stream().anyMatch(s -> s.node.equals(node) && !s.part() && s.startMillis >= millis);
  }

  private List<Segment> finished() {
    return segments.stream().filter(s -> !s.part()).toList();
  }
}
