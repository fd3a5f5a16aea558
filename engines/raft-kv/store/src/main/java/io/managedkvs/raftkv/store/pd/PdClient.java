package io.managedkvs.raftkv.store.pd;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.managedkvs.raftkv.proto.meta.Region;
import io.managedkvs.raftkv.proto.meta.Store;
import io.managedkvs.raftkv.proto.pd.AllocIdRequest;
import io.managedkvs.raftkv.proto.pd.AskSplitRequest;
import io.managedkvs.raftkv.proto.pd.AskSplitResponse;
import io.managedkvs.raftkv.proto.pd.BootstrapRequest;
import io.managedkvs.raftkv.proto.pd.BootstrapResponse;
import io.managedkvs.raftkv.proto.pd.GetStoreRequest;
import io.managedkvs.raftkv.proto.pd.PdErrorType;
import io.managedkvs.raftkv.proto.pd.PdGrpc;
import io.managedkvs.raftkv.proto.pd.PutStoreRequest;
import io.managedkvs.raftkv.proto.pd.RegionHeartbeat;
import io.managedkvs.raftkv.proto.pd.RegionHeartbeatRequest;
import io.managedkvs.raftkv.proto.pd.RegionHeartbeatResponse;
import io.managedkvs.raftkv.proto.pd.ReportSplitRequest;
import io.managedkvs.raftkv.proto.pd.RequestHeader;
import io.managedkvs.raftkv.proto.pd.ResponseHeader;
import io.managedkvs.raftkv.proto.pd.StoreHeartbeatRequest;
import io.managedkvs.raftkv.proto.pd.StoreStats;
import io.managedkvs.raftkv.store.raftstore.Placement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The store's client of the placement driver. Blocking calls with a deadline, for the store's
 * background threads only. Any PD member may answer NOT_LEADER with the leader's address: the client
 * follows it, and otherwise tries the members it was given in turn.
 */
public final class PdClient implements Placement, AutoCloseable {

    private static final long DEADLINE_MS = 3_000;
    private static final int ATTEMPTS = 6;

    private final List<String> endpoints;
    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
    private final ChannelCredentials credentials;
    private volatile String current;
    private volatile long clusterId;

    public PdClient(List<String> endpoints) {
        this(endpoints, InsecureChannelCredentials.create());
    }

    /** Dials PD with {@code credentials} (mutual TLS when the store runs with --tls-dir). */
    public PdClient(List<String> endpoints, ChannelCredentials credentials) {
        this.credentials = credentials;
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("--pd: at least one PD address is required");
        }
        this.endpoints = List.copyOf(endpoints);
        this.current = endpoints.get(0);
    }

    public long clusterId() {
        return clusterId;
    }

    /** Sets the cluster id this store belongs to (from its persisted identity). */
    public void setClusterId(long id) {
        this.clusterId = id;
    }

    private RequestHeader header() {
        return RequestHeader.newBuilder().setClusterId(clusterId).build();
    }

    private ManagedChannel channel(String address) {
        return channels.computeIfAbsent(address, a -> NettyChannelBuilder.forTarget(a, credentials).build());
    }

    /** Calls {@code call} on the PD leader, following NOT_LEADER answers and trying other members. */
    private <R> R call(String what, Function<PdGrpc.PdBlockingStub, R> call, Function<R, ResponseHeader> header) {
        List<String> tried = new ArrayList<>();
        PdException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            String address = current;
            PdGrpc.PdBlockingStub stub = PdGrpc.newBlockingStub(channel(address)).withDeadlineAfter(DEADLINE_MS, TimeUnit.MILLISECONDS);
            try {
                R response = call.apply(stub);
                ResponseHeader h = header.apply(response);
                if (h.getError().getType() == PdErrorType.NOT_LEADER) {
                    String leader = h.getError().getLeaderAddress();
                    current = leader.isEmpty() ? next(address) : leader;
                    last = new PdException(what + ": " + address + " is not the PD leader");
                    sleepBriefly(attempt);
                    continue;
                }
                if (h.getError().getType() != PdErrorType.NONE) {
                    throw new PdException(what + ": PD answered " + h.getError().getType() + ": " + h.getError().getMessage());
                }
                if (clusterId == 0 && h.getClusterId() != 0) {
                    clusterId = h.getClusterId();
                }
                return response;
            } catch (StatusRuntimeException e) {
                tried.add(address);
                last = new PdException(what + ": PD at " + address + " failed: " + e.getStatus(), e);
                current = next(address);
                sleepBriefly(attempt);
            }
        }
        throw last != null ? last : new PdException(what + ": no PD member answered (tried " + tried + ")");
    }

    private String next(String address) {
        int i = endpoints.indexOf(address);
        return endpoints.get((i + 1) % endpoints.size());
    }

    private static void sleepBriefly(int attempt) {
        try {
            Thread.sleep(Math.min(500, 50L << attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PdException("interrupted");
        }
    }

    public long allocId() {
        return call("AllocId", s -> s.allocId(AllocIdRequest.newBuilder().setHeader(header()).setCount(1).build()),
                r -> r.getHeader()).getFirstId();
    }

    public void putStore(Store store) {
        call("PutStore", s -> s.putStore(PutStoreRequest.newBuilder().setHeader(header()).setStore(store).build()),
                r -> r.getHeader());
    }

    /** The address of a store, or null if PD does not know it. */
    public String storeAddress(long storeId) {
        return call("GetStore", s -> s.getStore(GetStoreRequest.newBuilder().setHeader(header()).setStoreId(storeId).build()),
                r -> r.getHeader()).getStore().getAddress();
    }

    public BootstrapResponse bootstrap(long storeId) {
        return call("Bootstrap", s -> s.bootstrap(BootstrapRequest.newBuilder().setHeader(header()).setStoreId(storeId).build()),
                r -> r.getHeader());
    }

    public void storeHeartbeat(StoreStats stats) {
        call("StoreHeartbeat", s -> s.storeHeartbeat(StoreHeartbeatRequest.newBuilder().setHeader(header()).setStats(stats).build()),
                r -> r.getHeader());
    }

    public RegionHeartbeatResponse regionHeartbeat(long storeId, List<RegionHeartbeat> regions) {
        return call("RegionHeartbeat", s -> s.regionHeartbeat(RegionHeartbeatRequest.newBuilder().setHeader(header())
                .setStoreId(storeId).addAllRegions(regions).build()), r -> r.getHeader());
    }

    @Override
    public AskSplitResponse askSplit(Region region) {
        return call("AskSplit", s -> s.askSplit(AskSplitRequest.newBuilder().setHeader(header()).setRegion(region).build()),
                r -> r.getHeader());
    }

    @Override
    public void reportSplit(Region left, Region right) {
        call("ReportSplit", s -> s.reportSplit(ReportSplitRequest.newBuilder().setHeader(header()).setLeft(left).setRight(right).build()),
                r -> r.getHeader());
    }

    @Override
    public void close() {
        channels.values().forEach(ManagedChannel::shutdownNow);
        channels.clear();
    }
}
