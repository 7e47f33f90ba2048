package dev.edgerelay.relay.testing;

import dev.edgerelay.relay.EdgeNode;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A main class run in a forked JVM on the test's class path, so that a test can kill it with SIGKILL as a power cut
 * would: its output (stdout and stderr) echoed with a prefix and kept for {@link #awaitLine}. Also the two halves
 * such a main needs: {@link #mainOrExit} and {@link #closeOnShutdown}.
 */
public final class ForkedJvm {
  /** How long {@link #awaitLine} waits: a node's start on a loaded machine, with room to spare. */
  static final long LINE_WAIT_SECONDS = 60;
  private static final String EXITED = "EXITED";
  /** How many of the JVM's latest output lines a failed {@link #awaitLine} quotes, so a report shows why. */
  static final int TAIL_LINES = 40;

  public final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final Deque<String> tail = new ArrayDeque<>();

  private ForkedJvm(Process process) {
    this.process = process;
  }

  /**
   * Runs {@code main} with {@code args} on a serial GC and {@code heap} ({@code -Xmx}); {@code eachLine} sees every
   * line of output as it comes, on the reader thread.
   */
  public static ForkedJvm start(Class<?> main, String heap, Consumer<String> eachLine, String... args) throws Exception {
    return start(main, "node", List.of(), heap, eachLine, args);
  }

  /**
   * As {@link #start(Class, String, Consumer, String...)}, with {@code jvmOptions} before the main class (system
   * properties, {@code --add-opens}) and each echoed line prefixed with {@code name}, to tell several JVMs apart.
   */
  public static ForkedJvm start(Class<?> main, String name, List<String> jvmOptions, String heap,
      Consumer<String> eachLine, String... args) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx" + heap, "-XX:+UseSerialGC"));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    ForkedJvm jvm = new ForkedJvm(new ProcessBuilder(command).redirectErrorStream(true).start());
    Thread drain = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(jvm.process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          System.out.println(name + ": " + line);
          eachLine.accept(line);
          jvm.remember(line);
          jvm.lines.add(line);
        }
      } catch (Exception e) {
        jvm.lines.add("output failed: " + e);
      }
      jvm.lines.add(EXITED);
    }, main.getSimpleName() + "-output");
    drain.setDaemon(true);
    drain.start();
    return jvm;
  }

  /** The next line starting with {@code prefix}; fails when the JVM exits first or after {@link #LINE_WAIT_SECONDS}. */
  public String awaitLine(String prefix) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LINE_WAIT_SECONDS);
    while (System.nanoTime() < deadline) {
      String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (line != null && line.startsWith(prefix)) {
        return line;
      }
      if (EXITED.equals(line)) {
        throw new AssertionError("the forked JVM exited (" + exitCode() + ") before printing " + prefix
            + "; its last lines:\n" + tail());
      }
    }
    throw new AssertionError("timed out waiting for " + prefix + "; its last lines:\n" + tail());
  }

  private synchronized void remember(String line) {
    if (tail.size() == TAIL_LINES) {
      tail.removeFirst();
    }
    tail.addLast(line);
  }

  private synchronized String tail() {
    return String.join("\n", tail);
  }

  private String exitCode() throws InterruptedException {
    return process.waitFor(5, TimeUnit.SECONDS) ? "exit code " + process.exitValue() : "still running";
  }

  /** Kills with SIGKILL (no shutdown hook runs) and waits for the end. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
  }

  /** What a forked main runs: a failure is printed as {@code START FAILED} and ends the JVM. */
  public static void mainOrExit(Body body) {
    try {
      body.run();
    } catch (Exception | AssertionError e) {
      // Vert.x threads are not daemons: without an exit a failed start would leave the JVM waiting
      System.out.println("START FAILED " + e);
      e.printStackTrace(System.out);
      System.out.flush();
      System.exit(1);
    }
  }

  /** A SIGTERM closes {@code node}, then {@code vertx}, as a service manager's stop would. */
  public static void closeOnShutdown(EdgeNode node, Vertx vertx) {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        node.close().compose(v -> vertx.close()).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
      } catch (Exception e) {
        System.out.println("unclean stop: " + e);
      }
    }));
  }

  /** A main's body. */
  @FunctionalInterface
  public interface Body {
    void run() throws Exception;
  }
}
