package io.managedkvs.raftkv.client;

import com.google.protobuf.ByteString;
import io.managedkvs.raftkv.proto.kv.BatchGetRequest;
import io.managedkvs.raftkv.proto.kv.BatchGetResponse;
import io.managedkvs.raftkv.proto.kv.BatchPutRequest;
import io.managedkvs.raftkv.proto.kv.BatchPutResponse;
import io.managedkvs.raftkv.proto.kv.KvPair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * Batches split by region: the keys are located (PD only for what the cache misses), grouped by
 * region in chunks of at most {@link RaftKvClient#MAX_BATCH}, and every group is sent at once as
 * its own {@link RegionCall}. A group whose region split meanwhile is grouped again.
 */
final class BatchCalls {

    private final Router router;

    BatchCalls(Router router) {
        this.router = router;
    }

    CompletableFuture<List<KvEntry>> get(List<ByteString> keys, long deadline) {
        Map<ByteString, KvPair> found = new java.util.concurrent.ConcurrentHashMap<>();
        return forEachGroup(keys, Function.identity(), deadline, (group, region) -> {
            BatchGetRequest.Builder proto = BatchGetRequest.newBuilder().addAllKeys(group);
            return new RegionCall<BatchGetResponse>(router, group.get(0), Rpcs.of(
                    (stub, r, obs) -> stub.batchGet(proto.setContext(r.context()).build(), obs),
                    r -> r.hasRegionError() ? r.getRegionError() : null), false, deadline, r -> allIn(r, group, Function.identity()))
                    .start().thenAccept(r -> r.getPairsList().forEach(p -> found.put(p.getKey(), p)));
        }).thenApply(v -> {
            List<KvEntry> out = new ArrayList<>(found.size());
            for (ByteString k : keys) {
                KvPair p = found.get(k);
                if (p != null) {
                    out.add(new KvEntry(p.getKey().toByteArray(), p.getValue().toByteArray(), p.getTtlMs()));
                }
            }
            return out;
        });
    }

    CompletableFuture<Void> put(List<KvPair> pairs, long ttlMillis, long deadline) {
        return forEachGroup(pairs, KvPair::getKey, deadline, (group, region) -> {
            BatchPutRequest.Builder proto = BatchPutRequest.newBuilder().addAllPairs(group).setTtlMs(ttlMillis);
            return new RegionCall<BatchPutResponse>(router, group.get(0).getKey(), Rpcs.of(
                    (stub, r, obs) -> stub.batchPut(proto.setContext(r.context()).build(), obs),
                    r -> r.hasRegionError() ? r.getRegionError() : null), true, deadline, r -> allIn(r, group, KvPair::getKey))
                    .start().thenApply(r -> null);
        });
    }

    /** Sends one request per region group; a group whose region changed shape is grouped again. */
    private <T> CompletableFuture<Void> forEachGroup(List<T> items, Function<T, ByteString> keyOf, long deadline,
                                                     GroupSender<T> sender) {
        if (items.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        List<ByteString> keys = new ArrayList<>(items.size());
        for (T t : items) {
            keys.add(keyOf.apply(t));
        }
        return router.locateAll(keys, 0).thenCompose(v -> {
            List<CompletableFuture<Void>> sent = new ArrayList<>();
            for (Map.Entry<Long, List<T>> g : group(items, keyOf).entrySet()) {
                List<T> all = g.getValue();
                for (int i = 0; i < all.size(); i += RaftKvClient.MAX_BATCH) {
                    List<T> chunk = all.subList(i, Math.min(all.size(), i + RaftKvClient.MAX_BATCH));
                    sent.add(sender.send(chunk, g.getKey()).exceptionallyCompose(e -> {
                        Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                        if (c instanceof RegionCall.Regroup) {
                            return forEachGroup(chunk, keyOf, deadline, sender);
                        }
                        return CompletableFuture.failedFuture(c);
                    }));
                }
            }
            return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
        });
    }

    /** Items by the id of the cached region of their key, in the order given. */
    private <T> Map<Long, List<T>> group(List<T> items, Function<T, ByteString> keyOf) {
        Map<Long, List<T>> groups = new LinkedHashMap<>();
        for (T t : items) {
            long region = router.cache.find(keyOf.apply(t)).map(CachedRegion::id).orElse(-1L); // evicted meanwhile: its call regroups
            groups.computeIfAbsent(region, r -> new ArrayList<>()).add(t);
        }
        return groups;
    }

    private static <T> boolean allIn(CachedRegion region, List<T> group, Function<T, ByteString> keyOf) {
        for (T t : group) {
            if (!region.contains(keyOf.apply(t))) {
                return false;
            }
        }
        return true;
    }

    @FunctionalInterface
    private interface GroupSender<T> {
        CompletableFuture<Void> send(List<T> group, long regionId);
    }
}
