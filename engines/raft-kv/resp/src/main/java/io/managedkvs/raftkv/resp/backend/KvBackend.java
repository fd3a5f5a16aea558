package io.managedkvs.raftkv.resp.backend;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The key-value operations the Redis front end needs, asynchronous. In production it is the
 * raft-kv client (linearizable: it forwards every call to the region's leader); in protocol tests
 * an in-memory map.
 *
 * <p>Futures may complete on any thread, never the caller's event loop by obligation; they fail
 * with {@link KvBackendException} (or any other exception) when the store cannot answer.
 * Implementations must not block the calling thread.
 */
public interface KvBackend extends AutoCloseable {

  /** The live entry under {@code key}, or {@code null} when absent or expired. */
  CompletableFuture<KvEntry> get(byte[] key);

  /** One element per key, in order: the live entry or {@code null}. */
  CompletableFuture<List<KvEntry>> batchGet(List<byte[]> keys);

  /** Writes {@code value}; {@code ttlMs} 0 means no expiry. */
  CompletableFuture<Void> put(byte[] key, byte[] value, long ttlMs);

  /** Writes every pair (their ttl ignored), each expiring {@code ttlMs} after the write (0: never). */
  CompletableFuture<Void> batchPut(List<KvEntry> entries, long ttlMs);

  /** Deletes {@code key}; completes with whether a live entry was there. */
  CompletableFuture<Boolean> delete(byte[] key);

  CompletableFuture<CasResult> compareAndSwap(CasRequest request);

  /**
   * Up to {@code limit} live entries with {@code startKey <= key < endKey} in key order (an empty
   * {@code endKey} means the end of the key space). Fewer than {@code limit} means the range is
   * exhausted. {@code keyOnly} entries carry an empty value but their ttl.
   */
  CompletableFuture<List<KvEntry>> scan(byte[] startKey, byte[] endKey, int limit, boolean keyOnly);

  @Override
  default void close() {}
}
