package io.managedkvs.raftkv.client;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.managedkvs.raftkv.proto.meta.Store;
import io.managedkvs.raftkv.proto.pd.GetAllStoresRequest;
import io.managedkvs.raftkv.proto.pd.GetClusterStatusRequest;
import io.managedkvs.raftkv.proto.pd.GetClusterStatusResponse;
import io.managedkvs.raftkv.proto.pd.GetMembersRequest;
import io.managedkvs.raftkv.proto.pd.GetMembersResponse;
import io.managedkvs.raftkv.proto.pd.GetRegionByIdRequest;
import io.managedkvs.raftkv.proto.pd.GetRegionRequest;
import io.managedkvs.raftkv.proto.pd.GetRegionResponse;
import io.managedkvs.raftkv.proto.pd.GetStoreRequest;
import io.managedkvs.raftkv.proto.pd.GetTimestampRequest;
import io.managedkvs.raftkv.proto.pd.GetTimestampResponse;
import io.managedkvs.raftkv.proto.pd.Timestamp;
import io.managedkvs.raftkv.proto.pd.Member;
import io.managedkvs.raftkv.proto.pd.PdErrorType;
import io.managedkvs.raftkv.proto.pd.PdGrpc;
import io.managedkvs.raftkv.proto.pd.RegionInfo;
import io.managedkvs.raftkv.proto.pd.RequestHeader;
import io.managedkvs.raftkv.proto.pd.ResponseHeader;
import io.managedkvs.raftkv.proto.pd.ScanRegionsRequest;
import io.managedkvs.raftkv.proto.pd.StoreStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The placement driver as the client sees it: finds the PD leader with GetMembers from any endpoint
 * it knows, sends there, follows NOT_LEADER to the leader it names, and on an unreachable member
 * asks the others again. Blocking; the key-value path calls it only on a region cache miss, from its
 * own executor.
 */
public final class PdClient implements AutoCloseable {

    private final List<String> seeds;
    private final Backoff backoff;
    private final long timeoutNanos;
    private final Channels<PdGrpc.PdBlockingStub> channels;
    private final Set<String> known = Collections.synchronizedSet(new LinkedHashSet<>());
    private volatile String leader;
    private volatile GetMembersResponse lastMembers = GetMembersResponse.getDefaultInstance();

    public PdClient(ClientConfig config) {
        this.seeds = config.pdEndpoints();
        this.backoff = config.backoff();
        this.timeoutNanos = config.callTimeout().toNanos();
        this.channels = new Channels<>(config.channels(), PdGrpc::newBlockingStub);
        this.known.addAll(seeds);
    }

    /** The region holding {@code key} and its leader as PD knows them. */
    public GetRegionResponse region(ByteString key) {
        return call("GetRegion", s -> s.getRegion(GetRegionRequest.newBuilder().setHeader(header()).setKey(key).build()),
                GetRegionResponse::getHeader);
    }

    public GetRegionResponse regionById(long id) {
        return call("GetRegionById", s -> s.getRegionById(GetRegionByIdRequest.newBuilder().setHeader(header()).setRegionId(id).build()),
                GetRegionResponse::getHeader);
    }

    /** Regions from {@code start} on, in key order; an empty end for the key space's end; limit 0 for all. */
    public List<RegionInfo> scanRegions(ByteString start, ByteString end, int limit) {
        return call("ScanRegions", s -> s.scanRegions(ScanRegionsRequest.newBuilder().setHeader(header()).setStartKey(start)
                .setEndKey(end).setLimit(limit).build()), r -> r.getHeader()).getRegionsList();
    }

    /** A timestamp from PD's oracle, later than every one it handed out before. */
    public Timestamp timestamp() {
        return call("GetTimestamp", s -> s.getTimestamp(GetTimestampRequest.newBuilder().setHeader(header()).setCount(1).build()),
                GetTimestampResponse::getHeader).getTimestamp();
    }

    public Store store(long id) {
        return call("GetStore", s -> s.getStore(GetStoreRequest.newBuilder().setHeader(header()).setStoreId(id).build()),
                r -> r.getHeader()).getStore();
    }

    public List<StoreStatus> stores() {
        return call("GetAllStores", s -> s.getAllStores(GetAllStoresRequest.newBuilder().setHeader(header()).build()),
                r -> r.getHeader()).getStoresList();
    }

    public GetClusterStatusResponse clusterStatus() {
        return call("GetClusterStatus", s -> s.getClusterStatus(GetClusterStatusRequest.newBuilder().setHeader(header()).build()),
                GetClusterStatusResponse::getHeader);
    }

    /** PD's members and leader, from whichever member answers first. */
    public GetMembersResponse members() {
        long deadline = System.nanoTime() + timeoutNanos;
        discover(deadline);
        return lastMembers;
    }

    private static RequestHeader header() {
        return RequestHeader.getDefaultInstance();
    }

    private <T> T call(String what, Function<PdGrpc.PdBlockingStub, T> rpc, Function<T, ResponseHeader> header) {
        long deadline = System.nanoTime() + timeoutNanos;
        RuntimeException last = null;
        for (int attempt = 0; ; attempt++) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new KvTimeoutException("PD " + what + " did not succeed within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos)
                        + " ms (members tried: " + known + ")" + (last == null ? "" : ": " + last.getMessage()), last);
            }
            String target = leader;
            if (target == null) {
                target = discover(deadline);
                if (target == null) {
                    last = new RaftKvException("no PD member knows a leader");
                    sleep(attempt);
                    continue;
                }
            }
            try {
                T response = rpc.apply(channels.stub(target).withDeadlineAfter(left, TimeUnit.NANOSECONDS));
                ResponseHeader h = header.apply(response);
                if (!h.hasError() || h.getError().getType() == PdErrorType.NONE) {
                    return response;
                }
                if (h.getError().getType() != PdErrorType.NOT_LEADER) {
                    throw new PdException(h.getError().getType(), h.getError().getMessage());
                }
                String named = h.getError().getLeaderAddress();
                leader = named.isEmpty() || named.equals(target) ? null : named;
                if (!named.isEmpty()) {
                    known.add(named);
                }
                last = new RaftKvException(target + " is not the PD leader");
                if (leader == null) {
                    sleep(attempt);
                }
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() == Status.Code.INVALID_ARGUMENT) {
                    throw new InvalidRequestException("PD " + what + ": " + e.getStatus().getDescription(), e);
                }
                last = e;
                leader = null;
                sleep(attempt);
            }
        }
    }

    /** Asks each known member for the leader; returns it, or null when none knows one. */
    private String discover(long deadline) {
        List<String> candidates;
        synchronized (known) {
            candidates = new ArrayList<>(known);
        }
        for (String member : candidates) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            try {
                GetMembersResponse r = channels.stub(member).withDeadlineAfter(Math.min(left, TimeUnit.SECONDS.toNanos(1)), TimeUnit.NANOSECONDS)
                        .getMembers(GetMembersRequest.newBuilder().setHeader(header()).build());
                lastMembers = r;
                for (Member m : r.getMembersList()) {
                    if (!m.getAddress().isEmpty()) {
                        known.add(m.getAddress());
                    }
                }
                if (r.hasLeader() && !r.getLeader().getAddress().isEmpty()) {
                    leader = r.getLeader().getAddress();
                    return leader;
                }
            } catch (StatusRuntimeException e) {
                // Try the next member.
            }
        }
        return null;
    }

    private void sleep(int attempt) {
        try {
            Thread.sleep(backoff.delayMillis(attempt, b -> ThreadLocalRandom.current().nextLong(b + 1)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RaftKvException("interrupted while waiting for PD", e);
        }
    }

    @Override
    public void close() {
        channels.close();
    }
}
