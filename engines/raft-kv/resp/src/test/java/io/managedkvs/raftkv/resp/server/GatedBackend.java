package io.managedkvs.raftkv.resp.server;

import io.managedkvs.raftkv.resp.backend.CasRequest;
import io.managedkvs.raftkv.resp.backend.CasResult;
import io.managedkvs.raftkv.resp.backend.KvBackend;
import io.managedkvs.raftkv.resp.backend.KvEntry;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Holds every answer of a backend until the gate opens, and counts the calls it was given: a
 * store that stalls, to see what the front end does meanwhile.
 */
final class GatedBackend implements KvBackend {

  private final KvBackend inner;
  private final CompletableFuture<Void> gate = new CompletableFuture<>();
  private final AtomicInteger calls = new AtomicInteger();

  GatedBackend(KvBackend inner) {
    this.inner = inner;
  }

  void open() {
    gate.complete(null);
  }

  int calls() {
    return calls.get();
  }

  private <T> CompletableFuture<T> held(CompletableFuture<T> answer) {
    calls.incrementAndGet();
    // Complete from another thread, as a remote store would.
    return gate.thenCombineAsync(answer, (g, a) -> a);
  }

  @Override
  public CompletableFuture<KvEntry> get(byte[] key) {
    return held(inner.get(key));
  }

  @Override
  public CompletableFuture<List<KvEntry>> batchGet(List<byte[]> keys) {
    return held(inner.batchGet(keys));
  }

  @Override
  public CompletableFuture<Void> put(byte[] key, byte[] value, long ttlMs) {
    return held(inner.put(key, value, ttlMs));
  }

  @Override
  public CompletableFuture<Void> batchPut(List<KvEntry> entries, long ttlMs) {
    return held(inner.batchPut(entries, ttlMs));
  }

  @Override
  public CompletableFuture<Boolean> delete(byte[] key) {
    return held(inner.delete(key));
  }

  @Override
  public CompletableFuture<CasResult> compareAndSwap(CasRequest request) {
    return held(inner.compareAndSwap(request));
  }

  @Override
  public CompletableFuture<List<KvEntry>> scan(byte[] startKey, byte[] endKey, int limit, boolean keyOnly) {
    return held(inner.scan(startKey, endKey, limit, keyOnly));
  }
}
