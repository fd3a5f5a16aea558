package io.managedkvs.raftkv.pd.service;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.managedkvs.raftkv.pd.raft.NotLeaderException;
import io.managedkvs.raftkv.proto.pd.*;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The gRPC face of PD. Every call hops onto the loop thread (no PD state is touched on gRPC's
 * threads, and a handler never blocks one) and answers when its work is done; errors go into the
 * response header as the contract says, never as gRPC statuses, except "busy" when the loop's
 * queue is full.
 */
public final class PdGrpcService extends PdGrpc.PdImplBase {

    private static final Logger LOG = Logger.getLogger(PdGrpcService.class.getName());

    private final PlacementDriver pd;
    private final Executor loop;
    private final StoreRequests stores;
    private final RegionRequests regions;
    private final AdminRequests admin;

    public PdGrpcService(PlacementDriver pd, Executor loop, Operators operators) {
        this.pd = pd;
        this.loop = loop;
        this.stores = new StoreRequests(pd);
        this.regions = new RegionRequests(pd, operators::commandsFor);
        this.admin = new AdminRequests(pd, operators::running);
    }

    @Override
    public void getMembers(GetMembersRequest req, StreamObserver<GetMembersResponse> obs) {
        try {
            loop.execute(() -> {
                obs.onNext(admin.getMembers());
                obs.onCompleted();
            });
        } catch (RejectedExecutionException e) {
            obs.onError(Status.UNAVAILABLE.withDescription(e.getMessage()).asRuntimeException());
        }
    }

    @Override
    public void allocId(AllocIdRequest req, StreamObserver<AllocIdResponse> obs) {
        call(req.getHeader(), obs, h -> AllocIdResponse.newBuilder().setHeader(h).build(), () -> {
            int count = Math.max(1, req.getCount());
            if (count > 100_000) {
                throw new PdException(PdErrorType.INVALID_ARGUMENT, "count: at most 100000 ids per call, got " + req.getCount());
            }
            return pd.allocIds(count).thenApply(first -> AllocIdResponse.newBuilder().setHeader(pd.okHeader())
                    .setFirstId(first).setCount(count).build());
        });
    }

    @Override
    public void getTimestamp(GetTimestampRequest req, StreamObserver<GetTimestampResponse> obs) {
        call(req.getHeader(), obs, h -> GetTimestampResponse.newBuilder().setHeader(h).build(), () -> {
            int count = Math.max(1, req.getCount());
            if (count > 100_000) {
                throw new PdException(PdErrorType.INVALID_ARGUMENT, "count: at most 100000 timestamps per call, got " + req.getCount());
            }
            return pd.timestamps(count).thenApply(ts -> GetTimestampResponse.newBuilder().setHeader(pd.okHeader())
                    .setTimestamp(ts).setCount(count).build());
        });
    }

    @Override
    public void putStore(PutStoreRequest req, StreamObserver<PutStoreResponse> obs) {
        call(req.getHeader(), obs, h -> PutStoreResponse.newBuilder().setHeader(h).build(), () -> stores.putStore(req));
    }

    @Override
    public void getStore(GetStoreRequest req, StreamObserver<GetStoreResponse> obs) {
        call(req.getHeader(), obs, h -> GetStoreResponse.newBuilder().setHeader(h).build(), () -> done(stores.getStore(req)));
    }

    @Override
    public void getAllStores(GetAllStoresRequest req, StreamObserver<GetAllStoresResponse> obs) {
        call(req.getHeader(), obs, h -> GetAllStoresResponse.newBuilder().setHeader(h).build(), () -> done(stores.getAllStores(req)));
    }

    @Override
    public void bootstrap(BootstrapRequest req, StreamObserver<BootstrapResponse> obs) {
        call(req.getHeader(), obs, h -> BootstrapResponse.newBuilder().setHeader(h).build(), () -> stores.bootstrap(req));
    }

    @Override
    public void storeHeartbeat(StoreHeartbeatRequest req, StreamObserver<StoreHeartbeatResponse> obs) {
        call(req.getHeader(), obs, h -> StoreHeartbeatResponse.newBuilder().setHeader(h).build(), () -> done(stores.storeHeartbeat(req)));
    }

    @Override
    public void regionHeartbeat(RegionHeartbeatRequest req, StreamObserver<RegionHeartbeatResponse> obs) {
        call(req.getHeader(), obs, h -> RegionHeartbeatResponse.newBuilder().setHeader(h).build(), () -> regions.regionHeartbeat(req));
    }

    @Override
    public void askSplit(AskSplitRequest req, StreamObserver<AskSplitResponse> obs) {
        call(req.getHeader(), obs, h -> AskSplitResponse.newBuilder().setHeader(h).build(), () -> regions.askSplit(req));
    }

    @Override
    public void reportSplit(ReportSplitRequest req, StreamObserver<ReportSplitResponse> obs) {
        call(req.getHeader(), obs, h -> ReportSplitResponse.newBuilder().setHeader(h).build(), () -> regions.reportSplit(req));
    }

    @Override
    public void getRegion(GetRegionRequest req, StreamObserver<GetRegionResponse> obs) {
        call(req.getHeader(), obs, h -> GetRegionResponse.newBuilder().setHeader(h).build(), () -> done(regions.getRegion(req)));
    }

    @Override
    public void getRegionById(GetRegionByIdRequest req, StreamObserver<GetRegionResponse> obs) {
        call(req.getHeader(), obs, h -> GetRegionResponse.newBuilder().setHeader(h).build(), () -> done(regions.getRegionById(req)));
    }

    @Override
    public void scanRegions(ScanRegionsRequest req, StreamObserver<ScanRegionsResponse> obs) {
        call(req.getHeader(), obs, h -> ScanRegionsResponse.newBuilder().setHeader(h).build(), () -> done(regions.scanRegions(req)));
    }

    @Override
    public void getClusterStatus(GetClusterStatusRequest req, StreamObserver<GetClusterStatusResponse> obs) {
        call(req.getHeader(), obs, h -> GetClusterStatusResponse.newBuilder().setHeader(h).build(), () -> done(admin.clusterStatus()));
    }

    @Override
    public void removeStore(RemoveStoreRequest req, StreamObserver<RemoveStoreResponse> obs) {
        call(req.getHeader(), obs, h -> RemoveStoreResponse.newBuilder().setHeader(h).build(), () -> admin.removeStore(req));
    }

    @Override
    public void setStoreLeaderEviction(SetStoreLeaderEvictionRequest req, StreamObserver<SetStoreLeaderEvictionResponse> obs) {
        call(req.getHeader(), obs, h -> SetStoreLeaderEvictionResponse.newBuilder().setHeader(h).build(), () -> admin.setLeaderEviction(req));
    }

    /** The cluster status as this member sees it; on the loop thread only. */
    public GetClusterStatusResponse statusNow() {
        return admin.clusterStatus();
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }

    /**
     * Runs {@code handler} on the loop once this member serves, and answers with its result, or
     * with {@code errorResponse} carrying the error in the header.
     */
    private <T> void call(RequestHeader header, StreamObserver<T> obs, Function<ResponseHeader, T> errorResponse,
                          Supplier<CompletableFuture<T>> handler) {
        try {
            loop.execute(() -> pd.whenServing(header).thenCompose(v -> handler.get()).whenComplete((resp, err) -> {
                if (err == null) {
                    obs.onNext(resp);
                } else {
                    obs.onNext(errorResponse.apply(errorHeader(err)));
                }
                obs.onCompleted();
            }));
        } catch (RejectedExecutionException e) {
            obs.onError(Status.UNAVAILABLE.withDescription(e.getMessage()).asRuntimeException());
        }
    }

    private ResponseHeader errorHeader(Throwable err) {
        Throwable e = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        PdError.Builder error = PdError.newBuilder().setMessage(String.valueOf(e.getMessage()));
        if (e instanceof PdException pe) {
            error.setType(pe.type());
        } else if (e instanceof NotLeaderException nl) {
            error.setType(PdErrorType.NOT_LEADER).setLeaderAddress(nl.leaderId() == pd.config().id() ? ""
                    : pd.config().members().getOrDefault(nl.leaderId(), ""));
        } else {
            LOG.log(Level.WARNING, "PD request failed unexpectedly", e);
            error.setType(PdErrorType.UNKNOWN);
        }
        return ResponseHeader.newBuilder().setClusterId(pd.state().clusterId()).setError(error).build();
    }
}
