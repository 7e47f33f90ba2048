package dev.edgerelay.recorder.outbox;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory platform behind the {@link Uploader} port: scripted failures per name, names whose answer
 * never comes (a node killed mid-upload: stored or not), and a record of every send and check.
 */
final class FakeUploader implements Uploader {
  /** What the platform holds, by name. */
  final Map<String, byte[]> stored = new ConcurrentHashMap<>();
  final List<String> sends = new CopyOnWriteArrayList<>();
  final AtomicInteger checks = new AtomicInteger();
  private final Map<String, Deque<UploadFailure>> script = new ConcurrentHashMap<>();
  /** Sends of these names never answer; {@link #storeHung} says whether the platform kept them. */
  final Set<String> hang = ConcurrentHashMap.newKeySet();
  volatile boolean storeHung;

  void fail(String name, UploadFailure.Disposition disposition, String reason) {
    script.computeIfAbsent(name, n -> new ArrayDeque<>()).addLast(new UploadFailure(disposition, reason, null));
  }

  int sendsOf(String name) {
    return (int) sends.stream().filter(name::equals).count();
  }

  @Override
  public CompletionStage<Void> send(OutboxItem item, UploadBody body) {
    String name = item.target().name();
    sends.add(name);
    return body.readAll().thenCompose(bytes -> {
      if (hang.contains(name)) {
        if (storeHung) {
          stored.put(name, bytes);
        }
        return new CompletableFuture<>();
      }
      Deque<UploadFailure> failures = script.get(name);
      UploadFailure next = failures == null ? null : failures.pollFirst();
      if (next != null) {
        return CompletableFuture.failedFuture(next);
      }
      stored.put(name, bytes);
      return CompletableFuture.completedFuture(null);
    });
  }

  @Override
  public CompletionStage<Boolean> delivered(OutboxItem item, long sizeBytes) {
    checks.incrementAndGet();
    byte[] there = stored.get(item.target().name());
    return CompletableFuture.completedFuture(there != null && there.length == sizeBytes);
  }
}
