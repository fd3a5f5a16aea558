package io.managedkvs.raftkv.store.cluster;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.managedkvs.raftkv.proto.kv.GetRequest;
import io.managedkvs.raftkv.proto.kv.GetResponse;
import io.managedkvs.raftkv.proto.kv.PutRequest;
import io.managedkvs.raftkv.proto.kv.PutResponse;
import io.managedkvs.raftkv.proto.kv.RegionError;
import io.managedkvs.raftkv.proto.meta.Peer;
import io.managedkvs.raftkv.proto.meta.Region;
import io.managedkvs.raftkv.proto.pd.GetRegionRequest;
import io.managedkvs.raftkv.proto.pd.GetRegionResponse;
import io.managedkvs.raftkv.proto.pd.GetStoreRequest;
import io.managedkvs.raftkv.proto.pd.PdGrpc;
import java.time.Duration;
import java.util.function.BiFunction;

/**
 * The least a client must do, for tests: ask PD which region holds a key and which store leads
 * it, call that store, and on a region error or an unreachable store ask again, until a deadline.
 * (The real client with a region cache is kvs-raft-kv-client.)
 */
final class RoutingClient implements AutoCloseable {

    private final ManagedChannel pdChannel;
    private final PdGrpc.PdBlockingStub pd;
    private final KvCalls calls = new KvCalls();

    RoutingClient(String pdAddress) {
        pdChannel = NettyChannelBuilder.forTarget(pdAddress).usePlaintext().build();
        pd = PdGrpc.newBlockingStub(pdChannel);
    }

    /** Puts until acknowledged; false if the deadline passed first. */
    boolean put(String key, String value, Duration deadline) {
        return call(key, deadline, (address, region) -> {
            PutResponse r = calls.stub(address).put(PutRequest.newBuilder().setContext(KvCalls.context(region))
                    .setKey(KvCalls.bytes(key)).setValue(KvCalls.bytes(value)).build());
            return r.hasRegionError() ? r.getRegionError() : null;
        }) != null;
    }

    /** The value read, or null if not found; throws if the deadline passed. */
    String get(String key, Duration deadline) {
        GetResponse[] out = new GetResponse[1];
        Object ok = call(key, deadline, (address, region) -> {
            GetResponse r = calls.stub(address).get(GetRequest.newBuilder().setContext(KvCalls.context(region)).setKey(KvCalls.bytes(key)).build());
            out[0] = r;
            return r.hasRegionError() ? r.getRegionError() : null;
        });
        if (ok == null) {
            throw new IllegalStateException("no answer for " + key + " within " + deadline);
        }
        return out[0].getFound() ? out[0].getValue().toStringUtf8() : null;
    }

    private Object call(String key, Duration deadline, BiFunction<String, Region, RegionError> attempt) {
        long end = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < end) {
            try {
                GetRegionResponse r = pd.withDeadlineAfter(2, java.util.concurrent.TimeUnit.SECONDS)
                        .getRegion(GetRegionRequest.newBuilder().setKey(KvCalls.bytes(key)).build());
                Peer leader = r.hasLeader() ? r.getLeader() : (r.getRegion().getPeersCount() > 0 ? r.getRegion().getPeers(0) : null);
                if (leader != null) {
                    String address = pd.withDeadlineAfter(2, java.util.concurrent.TimeUnit.SECONDS)
                            .getStore(GetStoreRequest.newBuilder().setStoreId(leader.getStoreId()).build()).getStore().getAddress();
                    RegionError e = attempt.apply(address, r.getRegion());
                    if (e == null) {
                        return Boolean.TRUE;
                    }
                    if (e.hasNotLeader() && e.getNotLeader().hasLeader()) {
                        String other = pd.getStore(GetStoreRequest.newBuilder().setStoreId(e.getNotLeader().getLeader().getStoreId()).build())
                                .getStore().getAddress();
                        if (attempt.apply(other, r.getRegion()) == null) {
                            return Boolean.TRUE;
                        }
                    }
                }
            } catch (StatusRuntimeException e) {
                // Store down or PD busy: ask again.
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    @Override
    public void close() {
        calls.close();
        pdChannel.shutdownNow();
    }
}
