package io.managedkvs.raftkv.resp.command;

import io.managedkvs.raftkv.resp.backend.KvBackend;
import io.managedkvs.raftkv.resp.backend.KvEntry;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** Walks every key of a range page by page (KEYS, DBSIZE, INFO keyspace): O(keys), no snapshot. */
final class KeyspaceWalker {

  /** The largest scan the store serves in one call. */
  static final int PAGE = 10_000;

  private final KvBackend backend;

  KeyspaceWalker(KvBackend backend) {
    this.backend = backend;
  }

  CompletableFuture<Void> walk(byte[] start, byte[] end, Consumer<List<KvEntry>> page) {
    return backend.scan(start, end, PAGE, true).thenCompose(entries -> {
      page.accept(entries);
      if (entries.size() < PAGE) {
        return CompletableFuture.completedFuture(null);
      }
      return walk(after(entries.get(entries.size() - 1).key()), end, page);
    });
  }

  /** The smallest key greater than {@code key}. */
  static byte[] after(byte[] key) {
    return Arrays.copyOf(key, key.length + 1);
  }
}
