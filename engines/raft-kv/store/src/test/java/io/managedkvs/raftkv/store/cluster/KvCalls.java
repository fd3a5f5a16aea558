package io.managedkvs.raftkv.store.cluster;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.managedkvs.raftkv.proto.kv.Context;
import io.managedkvs.raftkv.proto.kv.GetRequest;
import io.managedkvs.raftkv.proto.kv.GetResponse;
import io.managedkvs.raftkv.proto.kv.KvGrpc;
import io.managedkvs.raftkv.proto.kv.PutRequest;
import io.managedkvs.raftkv.proto.kv.PutResponse;
import io.managedkvs.raftkv.proto.meta.Region;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Blocking key-value calls to stores by address, for tests. */
public final class KvCalls implements AutoCloseable {

    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();

    public KvGrpc.KvBlockingStub stub(String address) {
        ManagedChannel ch = channels.computeIfAbsent(address, a -> NettyChannelBuilder.forTarget(a).usePlaintext().build());
        return KvGrpc.newBlockingStub(ch).withDeadlineAfter(5, TimeUnit.SECONDS);
    }

    public static Context context(Region region) {
        return Context.newBuilder().setRegionId(region.getId()).setRegionEpoch(region.getEpoch()).build();
    }

    public static ByteString bytes(String s) {
        return ByteString.copyFrom(s, StandardCharsets.UTF_8);
    }

    public PutResponse put(String address, Region region, String key, String value) {
        return stub(address).put(PutRequest.newBuilder().setContext(context(region)).setKey(bytes(key)).setValue(bytes(value)).build());
    }

    /** A Put that expires {@code ttlMs} after it is accepted (0: never). */
    public PutResponse put(String address, Region region, String key, String value, long ttlMs) {
        return stub(address).put(PutRequest.newBuilder().setContext(context(region)).setKey(bytes(key)).setValue(bytes(value))
                .setTtlMs(ttlMs).build());
    }

    public GetResponse get(String address, Region region, String key) {
        return stub(address).get(GetRequest.newBuilder().setContext(context(region)).setKey(bytes(key)).build());
    }

    @Override
    public void close() {
        channels.values().forEach(ManagedChannel::shutdownNow);
    }
}
