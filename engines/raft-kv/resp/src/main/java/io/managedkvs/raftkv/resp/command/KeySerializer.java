package io.managedkvs.raftkv.resp.command;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Runs read-modify-write operations on one key one after another within this process, so that
 * concurrent INCRs from many connections do not all lose their compare-and-swap and retry: only
 * writers in other store processes can still race (and the CAS loop settles that).
 */
final class KeySerializer {

  private final ConcurrentHashMap<ByteKey, CompletableFuture<?>> tails = new ConcurrentHashMap<>();

  <T> CompletableFuture<T> run(byte[] key, Supplier<CompletableFuture<T>> operation) {
    ByteKey k = new ByteKey(key);
    CompletableFuture<T> result = new CompletableFuture<>();
    CompletableFuture<?> previous = tails.put(k, result);
    Runnable start = () -> startSafely(operation).whenComplete((value, error) -> {
      // Only the last in line removes the entry; a later arrival has replaced it already.
      tails.remove(k, result);
      if (error != null) {
        result.completeExceptionally(error);
      } else {
        result.complete(value);
      }
    });
    if (previous == null || previous.isDone()) {
      start.run();
    } else {
      previous.whenComplete((v, e) -> start.run());
    }
    return result;
  }

  private static <T> CompletableFuture<T> startSafely(Supplier<CompletableFuture<T>> operation) {
    try {
      return operation.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
