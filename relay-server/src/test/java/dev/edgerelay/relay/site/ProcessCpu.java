package dev.edgerelay.relay.site;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time a process has used, read from {@code /proc/{pid}/stat} as bench/procstat.py does: utime + stime (fields
 * 14 and 15, proc(5)) of every thread, in clock ticks. Linux only.
 */
public final class ProcessCpu {
  /** USER_HZ: the unit of utime and stime on every Linux the project runs on (proc(5); {@code getconf CLK_TCK}). */
  static final long TICKS_PER_SECOND = 100;

  private ProcessCpu() {}

  /** Milliseconds of CPU the process {@code pid} has used since it started. */
  public static long millis(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"), StandardCharsets.US_ASCII);
    // the command name (field 2) is in parentheses and may hold spaces: count the fields after its last ')'
    String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long ticks = Long.parseLong(after[11]) + Long.parseLong(after[12]); // fields 14 and 15
    return ticks * 1000 / TICKS_PER_SECOND;
  }
}
