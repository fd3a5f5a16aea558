package io.managedkvs.raftkv.resp.backend;

import io.managedkvs.raftkv.client.InvalidRequestException;
import io.managedkvs.raftkv.client.KvTimeoutException;
import io.managedkvs.raftkv.client.RaftKvClient;
import io.managedkvs.raftkv.client.RaftKvException;
import io.managedkvs.raftkv.client.UnknownOutcomeException;
import io.managedkvs.raftkv.resp.command.ByteKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * The production backend: the raft-kv client, which sends every call to the leader of the key's
 * region (reads and writes linearizable) and retries around leader changes and splits. Its
 * failures become {@link KvBackendException}s whose messages a Redis client shows after {@code -ERR}.
 */
public final class RaftKvBackend implements KvBackend {

  private final RaftKvClient client;

  public RaftKvBackend(RaftKvClient client) {
    this.client = client;
  }

  @Override
  public CompletableFuture<KvEntry> get(byte[] key) {
    return call(() -> client.getEntryAsync(key)
        .thenApply(e -> e.map(found -> new KvEntry(key, found.value(), found.ttlMillis())).orElse(null)));
  }

  @Override
  public CompletableFuture<List<KvEntry>> batchGet(List<byte[]> keys) {
    return call(() -> client.batchGetAsync(keys).thenApply(found -> {
      // The client answers the keys found, in the order asked; the front end wants one slot per key.
      Map<ByteKey, io.managedkvs.raftkv.client.KvEntry> byKey = new HashMap<>(found.size() * 2);
      for (io.managedkvs.raftkv.client.KvEntry e : found) {
        byKey.put(new ByteKey(e.key()), e);
      }
      List<KvEntry> out = new ArrayList<>(keys.size());
      for (byte[] key : keys) {
        io.managedkvs.raftkv.client.KvEntry e = byKey.get(new ByteKey(key));
        out.add(e == null ? null : new KvEntry(key, e.value(), e.ttlMillis()));
      }
      return out;
    }));
  }

  @Override
  public CompletableFuture<Void> put(byte[] key, byte[] value, long ttlMs) {
    return call(() -> client.putAsync(key, value, Duration.ofMillis(ttlMs)));
  }

  @Override
  public CompletableFuture<Void> batchPut(List<KvEntry> entries, long ttlMs) {
    List<io.managedkvs.raftkv.client.KvEntry> pairs = new ArrayList<>(entries.size());
    for (KvEntry e : entries) {
      pairs.add(new io.managedkvs.raftkv.client.KvEntry(e.key(), e.value()));
    }
    return call(() -> client.batchPutAsync(pairs, Duration.ofMillis(ttlMs)));
  }

  @Override
  public CompletableFuture<Boolean> delete(byte[] key) {
    return call(() -> client.deleteAsync(key));
  }

  @Override
  public CompletableFuture<CasResult> compareAndSwap(CasRequest r) {
    io.managedkvs.raftkv.proto.kv.CasCondition condition = switch (r.condition()) {
      case VALUE_EQUALS -> io.managedkvs.raftkv.proto.kv.CasCondition.VALUE_EQUALS;
      case KEY_ABSENT -> io.managedkvs.raftkv.proto.kv.CasCondition.KEY_ABSENT;
      case KEY_PRESENT -> io.managedkvs.raftkv.proto.kv.CasCondition.KEY_PRESENT;
    };
    return call(() -> client.compareAndSwapAsync(r.key(), condition, r.expectedValue(),
            r.delete() ? null : r.newValue(), Duration.ofMillis(r.ttlMs()))
        .thenApply(c -> new CasResult(c.succeeded(), c.previous().isPresent(), c.previous().orElse(null))));
  }

  @Override
  public CompletableFuture<List<KvEntry>> scan(byte[] startKey, byte[] endKey, int limit, boolean keyOnly) {
    return call(() -> client.scanAsync(startKey, endKey, limit, keyOnly).thenApply(found -> {
      List<KvEntry> out = new ArrayList<>(found.size());
      for (io.managedkvs.raftkv.client.KvEntry e : found) {
        out.add(new KvEntry(e.key(), e.value(), e.ttlMillis()));
      }
      return out;
    }));
  }

  @Override
  public void close() {
    client.close();
  }

  /** Runs a client call; bad arguments it throws at once and failures it reports later alike. */
  private static <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> operation) {
    CompletableFuture<T> started;
    try {
      started = operation.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(translate(e));
    }
    return started.handle((value, error) -> {
      if (error != null) {
        throw translate(error);
      }
      return value;
    });
  }

  private static KvBackendException translate(Throwable error) {
    Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (e instanceof KvBackendException k) {
      return k;
    }
    String reason;
    if (e instanceof InvalidRequestException || e instanceof IllegalArgumentException) {
      reason = "invalid request: ";
    } else if (e instanceof KvTimeoutException) {
      reason = "raft-kv did not answer in time, nothing was written: ";
    } else if (e instanceof UnknownOutcomeException) {
      reason = "raft-kv did not confirm the write, it may or may not have happened: ";
    } else if (e instanceof RaftKvException) {
      reason = "raft-kv: ";
    } else {
      reason = "raft-kv client failed: ";
    }
    return new KvBackendException(reason + e.getMessage(), e);
  }
}
