package io.managedkvs.raftkv.client;

import com.google.protobuf.ByteString;
import io.managedkvs.raftkv.proto.kv.BatchGetRequest;
import io.managedkvs.raftkv.proto.kv.BatchGetResponse;
import io.managedkvs.raftkv.proto.kv.BatchPutRequest;
import io.managedkvs.raftkv.proto.kv.BatchPutResponse;
import io.managedkvs.raftkv.proto.kv.CasCondition;
import io.managedkvs.raftkv.proto.kv.CompareAndSwapRequest;
import io.managedkvs.raftkv.proto.kv.CompareAndSwapResponse;
import io.managedkvs.raftkv.proto.kv.DeleteRequest;
import io.managedkvs.raftkv.proto.kv.DeleteResponse;
import io.managedkvs.raftkv.proto.kv.GetRequest;
import io.managedkvs.raftkv.proto.kv.GetResponse;
import io.managedkvs.raftkv.proto.kv.KvPair;
import io.managedkvs.raftkv.proto.kv.PutRequest;
import io.managedkvs.raftkv.proto.kv.PutResponse;
import io.managedkvs.raftkv.proto.kv.ScanRequest;
import io.managedkvs.raftkv.proto.kv.ScanResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The raft-kv client: linearizable get, put (with an expiry), delete, compare-and-swap, scans across
 * regions and batches split by region. Every call has an async form returning a
 * {@link CompletableFuture} and a blocking one; both give up after the configured call timeout.
 *
 * <p>Failures: {@link InvalidRequestException} (bad input, nothing changed), {@link KvTimeoutException}
 * (no one could serve in time; a write did not happen), {@link UnknownOutcomeException} (a write got
 * no answer and may have happened). Futures complete on gRPC's or the client's threads: do not block
 * in their callbacks.
 *
 * <pre>{@code
 * try (RaftKvClient kv = RaftKvClient.connect(ClientConfig.of(List.of("127.0.0.1:2379")))) {
 *     kv.put("greeting".getBytes(UTF_8), "hello".getBytes(UTF_8));
 *     Optional<byte[]> v = kv.get("greeting".getBytes(UTF_8));
 * }
 * }</pre>
 *
 * Thread-safe; one client per application is enough (it keeps one channel per store).
 */
public final class RaftKvClient implements AutoCloseable {

    /** The most keys one request carries; larger batches are split. */
    public static final int MAX_BATCH = 1024;
    /** The most pairs one scan request asks a store for. */
    public static final int MAX_SCAN_CHUNK = 10_000;

    private final Router router;
    private final BatchCalls batches;

    private RaftKvClient(ClientConfig config) {
        this.router = new Router(config);
        this.batches = new BatchCalls(router);
    }

    /** A client for the cluster whose PD answers at {@code config.pdEndpoints()}; connects lazily. */
    public static RaftKvClient connect(ClientConfig config) {
        return new RaftKvClient(config);
    }

    /** PD, for administration: regions, stores, cluster status. */
    public PdClient pd() {
        return router.pd;
    }

    // ---- get

    public CompletableFuture<Optional<byte[]>> getAsync(byte[] key) {
        ByteString k = key(key);
        RegionCall<GetResponse> call = new RegionCall<>(router, k, Rpcs.of(
                (stub, region, obs) -> stub.get(GetRequest.newBuilder().setContext(region.context()).setKey(k).build(), obs),
                r -> r.hasRegionError() ? r.getRegionError() : null), false, deadline());
        return call.start().thenApply(r -> r.getFound() ? Optional.of(r.getValue().toByteArray()) : Optional.empty());
    }

    public Optional<byte[]> get(byte[] key) {
        return join(getAsync(key));
    }

    // ---- put

    public CompletableFuture<Void> putAsync(byte[] key, byte[] value) {
        return putAsync(key, value, Duration.ZERO);
    }

    /** Writes {@code value}; the key expires {@code ttl} after the write is accepted (zero: never). */
    public CompletableFuture<Void> putAsync(byte[] key, byte[] value, Duration ttl) {
        ByteString k = key(key);
        PutRequest.Builder proto = PutRequest.newBuilder().setKey(k).setValue(value(value)).setTtlMs(ttlMillis(ttl));
        return new RegionCall<PutResponse>(router, k, Rpcs.of(
                (stub, region, obs) -> stub.put(proto.setContext(region.context()).build(), obs),
                r -> r.hasRegionError() ? r.getRegionError() : null), true, deadline()).start().thenApply(r -> null);
    }

    public void put(byte[] key, byte[] value) {
        join(putAsync(key, value));
    }

    public void put(byte[] key, byte[] value, Duration ttl) {
        join(putAsync(key, value, ttl));
    }

    // ---- delete

    /** Deletes the key; answers whether it existed. */
    public CompletableFuture<Boolean> deleteAsync(byte[] key) {
        ByteString k = key(key);
        return new RegionCall<DeleteResponse>(router, k, Rpcs.of(
                (stub, region, obs) -> stub.delete(DeleteRequest.newBuilder().setContext(region.context()).setKey(k).build(), obs),
                r -> r.hasRegionError() ? r.getRegionError() : null), true, deadline()).start().thenApply(DeleteResponse::getDeleted);
    }

    public boolean delete(byte[] key) {
        return join(deleteAsync(key));
    }

    // ---- compare-and-swap

    /**
     * Atomically: if the key holds {@code expected} (or, with {@code expected} null, is absent), writes
     * {@code newValue} (or, with {@code newValue} null, deletes the key).
     */
    public CompletableFuture<CasResult> compareAndSwapAsync(byte[] key, byte[] expected, byte[] newValue) {
        ByteString k = key(key);
        CompareAndSwapRequest.Builder proto = CompareAndSwapRequest.newBuilder().setKey(k)
                .setCondition(expected == null ? CasCondition.KEY_ABSENT : CasCondition.VALUE_EQUALS)
                .setExpectedValue(expected == null ? ByteString.EMPTY : value(expected))
                .setNewValue(newValue == null ? ByteString.EMPTY : value(newValue))
                .setDelete(newValue == null);
        return new RegionCall<CompareAndSwapResponse>(router, k, Rpcs.of(
                (stub, region, obs) -> stub.compareAndSwap(proto.setContext(region.context()).build(), obs),
                r -> r.hasRegionError() ? r.getRegionError() : null), true, deadline()).start()
                .thenApply(r -> new CasResult(r.getSucceeded(),
                        r.getPreviousFound() ? Optional.of(r.getPreviousValue().toByteArray()) : Optional.empty()));
    }

    public CasResult compareAndSwap(byte[] key, byte[] expected, byte[] newValue) {
        return join(compareAndSwapAsync(key, expected, newValue));
    }

    // ---- scan

    /**
     * Up to {@code limit} pairs with keys in {@code [start, end)} in key order, across regions; an
     * empty or null {@code end} scans to the end of the key space.
     */
    public CompletableFuture<List<KvEntry>> scanAsync(byte[] start, byte[] end, int limit, boolean keyOnly) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        ByteString s = start == null ? ByteString.EMPTY : ByteString.copyFrom(start);
        ByteString e = end == null ? ByteString.EMPTY : ByteString.copyFrom(end);
        if (!e.isEmpty() && Keys.ORDER.compare(s, e) > 0) {
            throw new IllegalArgumentException("start must not be after end");
        }
        return scanFrom(s, e, limit, keyOnly, new ArrayList<>(Math.min(limit, 1024)), deadline());
    }

    public List<KvEntry> scan(byte[] start, byte[] end, int limit) {
        return scan(start, end, limit, false);
    }

    /** As {@link #scanAsync}; with {@code keyOnly} the values come back empty. */
    public List<KvEntry> scan(byte[] start, byte[] end, int limit, boolean keyOnly) {
        return join(scanAsync(start, end, limit, keyOnly));
    }

    private CompletableFuture<List<KvEntry>> scanFrom(ByteString from, ByteString end, int limit, boolean keyOnly, List<KvEntry> acc,
                                                      long deadline) {
        int chunk = Math.min(MAX_SCAN_CHUNK, limit - acc.size());
        RegionCall<ScanResponse> call = new RegionCall<>(router, from, Rpcs.of(
                (stub, region, obs) -> stub.scan(ScanRequest.newBuilder().setContext(region.context()).setStartKey(from)
                        .setEndKey(Keys.minEnd(end, region.endKey())).setLimit(chunk).setKeyOnly(keyOnly).build(), obs),
                r -> r.hasRegionError() ? r.getRegionError() : null), false, deadline);
        return call.start().thenCompose(r -> {
            for (KvPair p : r.getPairsList()) {
                acc.add(new KvEntry(p.getKey().toByteArray(), p.getValue().toByteArray(), p.getTtlMs()));
            }
            if (acc.size() >= limit) {
                return CompletableFuture.completedFuture(acc);
            }
            ByteString next;
            if (r.getPairsCount() == chunk) {
                next = r.getPairs(chunk - 1).getKey().concat(ByteString.copyFrom(new byte[] {0})); // more in this region
            } else if (Keys.reaches(call.region().endKey(), end)) {
                return CompletableFuture.completedFuture(acc);
            } else {
                next = call.region().endKey();
            }
            return scanFrom(next, end, limit, keyOnly, acc, deadline);
        });
    }

    // ---- batches

    /** The values of those keys that exist, in the order asked; one request per region, sent in parallel. */
    public CompletableFuture<List<KvEntry>> batchGetAsync(List<byte[]> keys) {
        List<ByteString> ks = new ArrayList<>(keys.size());
        for (byte[] k : keys) {
            ks.add(key(k));
        }
        return batches.get(ks, deadline());
    }

    public List<KvEntry> batchGet(List<byte[]> keys) {
        return join(batchGetAsync(keys));
    }

    /**
     * Writes every pair, one request per region (atomic within a region, not across regions), sent
     * in parallel; each key expires {@code ttl} after its write (zero: never).
     */
    public CompletableFuture<Void> batchPutAsync(List<KvEntry> entries, Duration ttl) {
        List<KvPair> pairs = new ArrayList<>(entries.size());
        for (KvEntry e : entries) {
            pairs.add(KvPair.newBuilder().setKey(key(e.key())).setValue(value(e.value())).build());
        }
        return batches.put(pairs, ttlMillis(ttl), deadline());
    }

    public void batchPut(List<KvEntry> entries) {
        join(batchPutAsync(entries, Duration.ZERO));
    }

    @Override
    public void close() {
        router.close();
    }

    // ---- helpers

    private long deadline() {
        return System.nanoTime() + router.config.callTimeout().toNanos();
    }

    private static ByteString key(byte[] key) {
        if (key == null || key.length == 0) {
            throw new IllegalArgumentException("key must not be empty");
        }
        return ByteString.copyFrom(key);
    }

    private static ByteString value(byte[] value) {
        if (value == null) {
            throw new IllegalArgumentException("value must not be null");
        }
        return ByteString.copyFrom(value);
    }

    private static long ttlMillis(Duration ttl) {
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must not be negative, was " + ttl);
        }
        return ttl.toMillis();
    }

    /** Waits for a call; its failure is rethrown as it is (a {@link RaftKvException} or an argument error). */
    static <T> T join(CompletableFuture<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RaftKvException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause() instanceof CompletionException && e.getCause().getCause() != null ? e.getCause().getCause() : e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new RaftKvException(String.valueOf(c), c);
        }
    }
}
