package io.managedkvs.raftkv.engine.pd;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.managedkvs.raftkv.engine.actuator.PdCluster;
import io.managedkvs.raftkv.engine.actuator.PdStore;
import io.managedkvs.raftkv.proto.meta.StoreState;
import io.managedkvs.raftkv.proto.pd.GetClusterStatusRequest;
import io.managedkvs.raftkv.proto.pd.GetClusterStatusResponse;
import io.managedkvs.raftkv.proto.pd.PdErrorType;
import io.managedkvs.raftkv.proto.pd.PdGrpc;
import io.managedkvs.raftkv.proto.pd.RemoveStoreRequest;
import io.managedkvs.raftkv.proto.pd.RemoveStoreResponse;
import io.managedkvs.raftkv.proto.pd.ResponseHeader;
import io.managedkvs.raftkv.proto.pd.SetStoreLeaderEvictionRequest;
import io.managedkvs.raftkv.proto.pd.SetStoreLeaderEvictionResponse;
import io.managedkvs.raftkv.proto.pd.StoreStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The operator's administrative calls to one instance's placement driver, over its gRPC API. Any
 * member answers a call or names the leader (NOT_LEADER), and the call follows it; a member that
 * cannot be reached is skipped for the next. Channels are kept for the instance's lifetime.
 * Called from reconciler threads only, never from gRPC's own.
 */
public final class PdAdmin implements AutoCloseable {

    /** How many NOT_LEADER redirects one call follows before it gives up (an election is under way). */
    private static final int MAX_REDIRECTS = 3;

    private final List<String> addresses;
    private final Duration deadline;
    private final ChannelCredentials credentials;
    private final Map<String, ManagedChannel> channels = new LinkedHashMap<>();

    /**
     * @param addresses host:port of the placement driver (its Service, or its members)
     * @param deadline  how long one call may take
     */
    public PdAdmin(List<String> addresses, Duration deadline) {
        this(addresses, deadline, InsecureChannelCredentials.create());
    }

    /** @param credentials how channels to PD are secured (mutual TLS with the instance's Secret when spec.tls is on) */
    public PdAdmin(List<String> addresses, Duration deadline, ChannelCredentials credentials) {
        this.credentials = credentials;
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("no placement driver address");
        }
        this.addresses = List.copyOf(addresses);
        this.deadline = deadline;
    }

    public List<String> addresses() {
        return addresses;
    }

    public PdCluster clusterStatus() {
        GetClusterStatusResponse r = call("GetClusterStatus",
                pd -> pd.getClusterStatus(GetClusterStatusRequest.getDefaultInstance()), GetClusterStatusResponse::getHeader);
        List<PdStore> stores = new ArrayList<>();
        for (StoreStatus s : r.getStoresList()) {
            stores.add(new PdStore(s.getStore().getId(), s.getStore().getAddress(), state(s.getStore().getState()), s.getDown(),
                    s.getLastHeartbeatMs(), s.getStats().getRegionCount(), s.getStats().getLeaderCount(), s.getLeaderEvicted()));
        }
        return new PdCluster(r.getBootstrapped(), r.getReplicationFactor(), stores, r.getRegionCount(),
                r.getUnderReplicatedRegions(), r.getLeaderlessRegions(), r.hasLeader() ? r.getLeader().getAddress() : "");
    }

    /** Starts draining a store. Returns why the placement driver refused, or null when it accepted. */
    public String removeStore(long storeId) {
        RemoveStoreResponse r = call("RemoveStore",
                pd -> pd.removeStore(RemoveStoreRequest.newBuilder().setStoreId(storeId).build()), RemoveStoreResponse::getHeader);
        return refusal(r.getHeader());
    }

    /** Keeps leaders off a store, or lets them back. Returns the leaders still on it. */
    public long setLeaderEviction(long storeId, boolean evict) {
        SetStoreLeaderEvictionResponse r = call("SetStoreLeaderEviction",
                pd -> pd.setStoreLeaderEviction(SetStoreLeaderEvictionRequest.newBuilder().setStoreId(storeId).setEvict(evict).build()),
                SetStoreLeaderEvictionResponse::getHeader);
        String refused = refusal(r.getHeader());
        if (refused != null) {
            throw new PdUnavailableException("the placement driver refused to " + (evict ? "evict" : "readmit")
                    + " the leaders of store " + storeId + ": " + refused);
        }
        return r.getLeaderCount();
    }

    private static String refusal(ResponseHeader header) {
        if (!header.hasError() || header.getError().getType() == PdErrorType.NONE) {
            return null;
        }
        return header.getError().getType() + (header.getError().getMessage().isEmpty() ? "" : ": " + header.getError().getMessage());
    }

    private static PdStore.State state(StoreState state) {
        return switch (state) {
            case OFFLINE -> PdStore.State.OFFLINE;
            case TOMBSTONE -> PdStore.State.TOMBSTONE;
            default -> PdStore.State.UP;
        };
    }

    /**
     * Calls {@code rpc} on each address in turn until one answers; follows NOT_LEADER to the leader.
     * Errors other than NOT_LEADER are returned in the response for the caller to judge.
     */
    private <R> R call(String name, Function<PdGrpc.PdBlockingStub, R> rpc, Function<R, ResponseHeader> header) {
        List<String> failures = new ArrayList<>();
        for (String address : addresses) {
            String target = address;
            for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
                R response;
                try {
                    response = rpc.apply(PdGrpc.newBlockingStub(channel(target)).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS));
                } catch (StatusRuntimeException e) {
                    failures.add(target + ": " + e.getStatus().getCode()
                            + (e.getStatus().getDescription() == null ? "" : " (" + e.getStatus().getDescription() + ")"));
                    break;
                }
                ResponseHeader h = header.apply(response);
                if (h.hasError() && h.getError().getType() == PdErrorType.NOT_LEADER) {
                    if (h.getError().getLeaderAddress().isEmpty()) {
                        failures.add(target + ": no leader (an election is under way)");
                        break;
                    }
                    target = h.getError().getLeaderAddress();
                    continue;
                }
                return response;
            }
        }
        throw new PdUnavailableException(name + " reached no placement driver member: " + String.join("; ", failures));
    }

    private synchronized ManagedChannel channel(String address) {
        return channels.computeIfAbsent(address, a -> Grpc.newChannelBuilder(a, credentials).build());
    }

    @Override
    public synchronized void close() {
        channels.values().forEach(ManagedChannel::shutdownNow);
        channels.clear();
    }
}
