package io.managedkvs.raftkv.client;

import com.google.protobuf.ByteString;
import io.managedkvs.raftkv.proto.kv.KvGrpc;
import io.managedkvs.raftkv.proto.meta.Store;
import io.managedkvs.raftkv.proto.pd.GetRegionResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where requests go: the region cache, PD for what it misses, one channel per store, and a timer for
 * retries after a wait. Shared by every call of a client.
 */
final class Router implements AutoCloseable {

    private static final int PD_THREADS = 4;

    final ClientConfig config;
    final RegionCache cache = new RegionCache();
    final PdClient pd;
    final Channels<KvGrpc.KvStub> stores;
    private final ScheduledExecutorService timer;
    private final ExecutorService pdExecutor;

    Router(ClientConfig config) {
        this.config = config;
        this.pd = new PdClient(config);
        this.stores = new Channels<>(config.channels(), KvGrpc::newStub);
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("raft-kv-client-retry"));
        // PD calls block (a cache miss waits for PD anyway): their own few threads, never gRPC's.
        this.pdExecutor = Executors.newFixedThreadPool(PD_THREADS, daemon("raft-kv-client-pd"));
    }

    /** The region of {@code key}: from the cache, or PD (then cached). */
    CompletableFuture<CachedRegion> locate(ByteString key) {
        var cached = cache.find(key);
        if (cached.isPresent()) {
            return CompletableFuture.completedFuture(cached.get());
        }
        return CompletableFuture.supplyAsync(() -> {
            // Many requests miss together (a split, a cold start): those queued behind a lookup that
            // already filled the cache do not ask PD again.
            var meanwhile = cache.find(key);
            if (meanwhile.isPresent()) {
                return meanwhile.get();
            }
            GetRegionResponse r = pd.region(key);
            cache.put(r.getRegion(), r.hasLeader() ? r.getLeader() : null);
            // The cache may hold something newer than PD's answer; use it if it covers the key.
            return cache.find(key).orElseGet(() -> CachedRegion.of(r.getRegion(), r.hasLeader() ? r.getLeader() : null));
        }, pdExecutor);
    }

    /** Every key located, so that a grouping by region right after needs no PD call. */
    CompletableFuture<Void> locateAll(List<ByteString> keys, int from) {
        for (int i = from; i < keys.size(); i++) {
            if (cache.find(keys.get(i)).isEmpty()) {
                int next = i;
                return locate(keys.get(i)).thenCompose(r -> locateAll(keys, next + 1));
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    /** The gRPC address of a store: cached, or asked of PD. */
    CompletableFuture<String> storeAddress(long storeId) {
        var cached = cache.storeAddress(storeId);
        if (cached.isPresent()) {
            return CompletableFuture.completedFuture(cached.get());
        }
        return CompletableFuture.supplyAsync(() -> {
            var meanwhile = cache.storeAddress(storeId);
            if (meanwhile.isPresent()) {
                return meanwhile.get();
            }
            Store s = pd.store(storeId);
            cache.putStoreAddress(storeId, s.getAddress());
            return s.getAddress();
        }, pdExecutor);
    }

    void schedule(Runnable task, long millis) {
        timer.schedule(task, millis, TimeUnit.MILLISECONDS);
    }

    long backoffMillis(int attempt) {
        return config.backoff().delayMillis(attempt, bound -> ThreadLocalRandom.current().nextLong(bound + 1));
    }

    @Override
    public void close() {
        timer.shutdownNow();
        pdExecutor.shutdownNow();
        stores.close();
        pd.close();
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
