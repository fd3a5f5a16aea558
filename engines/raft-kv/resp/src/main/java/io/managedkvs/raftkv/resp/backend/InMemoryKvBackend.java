package io.managedkvs.raftkv.resp.backend;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A {@link KvBackend} over a sorted in-memory map, with the raft-kv semantics (TTL, CAS, ordered
 * scans) but none of its durability. It serves protocol tests and the front end's own benchmark;
 * writes take one lock so that compare-and-swap is atomic.
 */
public final class InMemoryKvBackend implements KvBackend {

  private record Stored(byte[] value, long expiresAtMs) {}

  private final NavigableMap<byte[], Stored> map = new ConcurrentSkipListMap<>(Arrays::compareUnsigned);
  private final LongSupplier clockMs;
  private final Executor completer;
  private final Object writeLock = new Object();

  /**
   * @param clockMs wall clock in milliseconds (tests pass a manual one to expire keys)
   * @param completer where futures complete: a direct executor, or a pool to mimic a remote store
   */
  public InMemoryKvBackend(LongSupplier clockMs, Executor completer) {
    this.clockMs = clockMs;
    this.completer = completer;
  }

  public InMemoryKvBackend() {
    this(System::currentTimeMillis, Runnable::run);
  }

  @Override
  public CompletableFuture<KvEntry> get(byte[] key) {
    return complete(() -> live(key));
  }

  @Override
  public CompletableFuture<List<KvEntry>> batchGet(List<byte[]> keys) {
    return complete(() -> {
      List<KvEntry> found = new ArrayList<>(keys.size());
      for (byte[] key : keys) {
        found.add(live(key));
      }
      return found;
    });
  }

  @Override
  public CompletableFuture<Void> put(byte[] key, byte[] value, long ttlMs) {
    return complete(() -> {
      synchronized (writeLock) {
        map.put(key, stored(value, ttlMs));
      }
      return null;
    });
  }

  @Override
  public CompletableFuture<Void> batchPut(List<KvEntry> entries, long ttlMs) {
    return complete(() -> {
      synchronized (writeLock) {
        for (KvEntry e : entries) {
          map.put(e.key(), stored(e.value(), ttlMs));
        }
      }
      return null;
    });
  }

  @Override
  public CompletableFuture<Boolean> delete(byte[] key) {
    return complete(() -> {
      synchronized (writeLock) {
        boolean live = live(key) != null;
        map.remove(key);
        return live;
      }
    });
  }

  @Override
  public CompletableFuture<CasResult> compareAndSwap(CasRequest request) {
    return complete(() -> {
      synchronized (writeLock) {
        KvEntry current = live(request.key());
        boolean holds = switch (request.condition()) {
          case KEY_ABSENT -> current == null;
          case KEY_PRESENT -> current != null;
          case VALUE_EQUALS -> current != null && Arrays.equals(current.value(), request.expectedValue());
        };
        if (holds) {
          if (request.delete()) {
            map.remove(request.key());
          } else {
            map.put(request.key(), stored(request.newValue(), request.ttlMs()));
          }
        }
        return new CasResult(holds, current != null, current == null ? null : current.value());
      }
    });
  }

  @Override
  public CompletableFuture<List<KvEntry>> scan(byte[] startKey, byte[] endKey, int limit, boolean keyOnly) {
    return complete(() -> {
      NavigableMap<byte[], Stored> range = endKey.length == 0
          ? map.tailMap(startKey, true)
          : map.subMap(startKey, true, endKey, false);
      List<KvEntry> out = new ArrayList<>(Math.min(limit, 256));
      long now = clockMs.getAsLong();
      for (Map.Entry<byte[], Stored> e : range.entrySet()) {
        if (out.size() == limit) {
          break;
        }
        Stored s = e.getValue();
        if (s.expiresAtMs() == 0 || s.expiresAtMs() > now) {
          out.add(new KvEntry(e.getKey(), keyOnly ? new byte[0] : s.value(), ttlOf(s, now)));
        }
      }
      return out;
    });
  }

  private KvEntry live(byte[] key) {
    Stored s = map.get(key);
    long now = clockMs.getAsLong();
    if (s == null || (s.expiresAtMs() != 0 && s.expiresAtMs() <= now)) {
      return null;
    }
    return new KvEntry(key, s.value(), ttlOf(s, now));
  }

  private static long ttlOf(Stored s, long now) {
    return s.expiresAtMs() == 0 ? 0 : s.expiresAtMs() - now;
  }

  private Stored stored(byte[] value, long ttlMs) {
    return new Stored(value, ttlMs == 0 ? 0 : clockMs.getAsLong() + ttlMs);
  }

  private <T> CompletableFuture<T> complete(Supplier<T> operation) {
    CompletableFuture<T> result = new CompletableFuture<>();
    T value;
    try {
      value = operation.get();
    } catch (RuntimeException e) {
      completer.execute(() -> result.completeExceptionally(e));
      return result;
    }
    completer.execute(() -> result.complete(value));
    return result;
  }
}
