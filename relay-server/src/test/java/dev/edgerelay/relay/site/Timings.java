package dev.edgerelay.relay.site;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Measured durations of one kind, in milliseconds, with the nearest-rank percentiles a report gives. */
public final class Timings {
  public final String what;
  private final List<Long> millis = new ArrayList<>();

  public Timings(String what) {
    this.what = what;
  }

  public synchronized void add(long sample) {
    millis.add(sample);
  }

  public synchronized int count() {
    return millis.size();
  }

  /** The nearest-rank {@code p}-th percentile (0 < p <= 100); -1 without samples. */
  public synchronized long percentile(double p) {
    if (millis.isEmpty()) {
      return -1;
    }
    List<Long> sorted = new ArrayList<>(millis);
    Collections.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }

  public long max() {
    return percentile(100);
  }

  /** One report line: what, sample count, p50, p95 and max in milliseconds. */
  public String line() {
    return String.format(Locale.ROOT, "%-68s n=%-3d p50=%5d ms  p95=%5d ms  max=%5d ms", what, count(),
        percentile(50), percentile(95), max());
  }
}
