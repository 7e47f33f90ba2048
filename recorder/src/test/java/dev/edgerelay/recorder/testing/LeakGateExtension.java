package dev.edgerelay.recorder.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.lang.ref.PhantomReference;
import java.lang.ref.ReferenceQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty reported a leaked reference-counted object while it ran, naming the leak
 * record. Auto-registered (src/test/resources/junit-platform.properties + META-INF/services).
 *
 * <p>A copy of media's {@code dev.edgerelay.media.testing.LeakGateExtension}: this module does not depend on
 * media's test-jar. Change both together.
 *
 * <p>Why it exists: Netty reports a leak only when a GC has enqueued the leaked buffer's phantom reference
 * AND a later tracked allocation polls the queue. A surefire JVM usually exits before both happen, so a leak
 * in the last tests of a run was never logged and "no LEAK in the output" proved nothing. After each class
 * this gate runs a GC and a tracked allocation, a bounded number of rounds, and the detector Netty uses is
 * one that hands every report to the gate instead of only to the log.
 */
public final class LeakGateExtension implements BeforeAllCallback, AfterAllCallback {
  /** GC-and-poll rounds after a class: the second catches buffers freed by the first round's cleanup. */
  static final int MAX_ROUNDS = 4;
  /** How long one round waits for the reference handler to enqueue what its GC found. */
  static final long ENQUEUE_WAIT_MILLIS = 2_000;
  /** Stack frames of the test runner say nothing about who leaked. */
  private static final List<String> RUNNER_FRAMES =
      List.of("org.junit.", "java.base/", "jdk.internal.", "org.apache.maven.surefire.");

  private static final Queue<String> REPORTED = new ConcurrentLinkedQueue<>();
  private static final AtomicBoolean BYTEBUF_DETECTOR_IS_OURS = new AtomicBoolean();

  static {
    // io.netty.buffer.AbstractByteBuf builds its detector once, statically: this factory only counts when no
    // Netty buffer was used yet. The jqwik engine runs before Jupiter, so the module pom also names
    // RecordingDetector in the system property io.netty.customResourceLeakDetector, read by Netty's own factory.
    ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingFactory());
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    ByteBufAllocator.DEFAULT.buffer(1).release(); // initializes AbstractByteBuf if nothing did yet
    if (!BYTEBUF_DETECTOR_IS_OURS.get()) {
      throw new IllegalStateException("ByteBuf's leak detector was built before " + getClass().getSimpleName()
          + " could install its factory, so leaks would go unseen: run with -Dio.netty.customResourceLeakDetector="
          + RecordingDetector.class.getName());
    }
    if (!ResourceLeakDetector.isEnabled()) {
      throw new IllegalStateException("leak detection is off; run tests with -Dio.netty.leakDetection.level=paranoid");
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    List<String> leaks = forceReports();
    if (!leaks.isEmpty()) {
      throw new AssertionError(leaks.size() + " leaked reference-counted object(s) reported while "
          + context.getDisplayName() + " ran (or before it, outside any test class):\n"
          + String.join("\n----\n", leaks));
    }
  }

  /**
   * Makes Netty report every leak it can see now, and takes them: GC, wait until that GC's phantom references
   * are enqueued, then allocate a tracked buffer so the detector polls its queue; stop after a round that
   * found nothing new, at most {@link #MAX_ROUNDS}.
   */
  public static List<String> forceReports() {
    List<String> leaks = new ArrayList<>();
    for (int round = 0; round < MAX_ROUNDS; round++) {
      awaitGarbageCollection();
      ByteBuf probe = ByteBufAllocator.DEFAULT.buffer(1); // paranoid level: every allocation polls the queue
      probe.release();
      int before = leaks.size();
      for (String leak; (leak = REPORTED.poll()) != null; ) {
        leaks.add(leak);
      }
      if (round > 0 && leaks.size() == before) {
        break;
      }
    }
    return leaks;
  }

  /** One full GC, and the moment the reference handler has enqueued a sentinel that became unreachable before it. */
  private static void awaitGarbageCollection() {
    ReferenceQueue<Object> queue = new ReferenceQueue<>();
    PhantomReference<Object> sentinel = new PhantomReference<>(new Object(), queue);
    System.gc();
    try {
      queue.remove(ENQUEUE_WAIT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sentinel.clear();
  }

  /** The record without the runner's frames: where the object was created and touched in our code. */
  static String withoutRunnerFrames(String record) {
    return record.lines().filter(line -> RUNNER_FRAMES.stream().noneMatch(line.strip()::startsWith))
        .collect(Collectors.joining("\n"));
  }

  private static final class RecordingFactory extends ResourceLeakDetectorFactory {
    @Override
    public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
        long maxActive) {
      return new RecordingDetector<>(resource, samplingInterval);
    }
  }

  /**
   * Netty's detector that also hands each report to the gate, whatever the logger's level. Public with a
   * (Class, int) constructor: Netty builds it by reflection when io.netty.customResourceLeakDetector names it.
   */
  public static final class RecordingDetector<T> extends ResourceLeakDetector<T> {
    public RecordingDetector(Class<T> resource, int samplingInterval) {
      super(resource, samplingInterval);
      if (resource == ByteBuf.class) {
        BYTEBUF_DETECTOR_IS_OURS.set(true);
      }
    }

    @Override
    protected boolean needReport() {
      return true; // Netty's own asks the logger, and drops the leaks unseen when ERROR is off
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
      super.reportTracedLeak(resourceType, records);
      REPORTED.add("LEAK: " + resourceType + withoutRunnerFrames(records));
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
      super.reportUntracedLeak(resourceType);
      REPORTED.add("LEAK: " + resourceType + " (untraced: the leak detection level is below advanced)");
    }
  }
}
