package io.managedkvs.raftkv.store.kv;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.managedkvs.raftkv.proto.kv.Context;
import io.managedkvs.raftkv.proto.kv.RegionError;
import io.managedkvs.raftkv.proto.meta.Region;
import io.managedkvs.raftkv.proto.transport.RaftCommand;
import io.managedkvs.raftkv.store.raftstore.ApplyResult;
import io.managedkvs.raftkv.store.raftstore.PeerMsg;
import io.managedkvs.raftkv.store.raftstore.RaftStore;
import io.managedkvs.raftkv.store.raftstore.ReadCallback;
import io.managedkvs.raftkv.store.raftstore.RegionErrors;
import io.managedkvs.raftkv.store.raftstore.RegionPeer;
import io.managedkvs.raftkv.store.raftstore.RegionRange;
import java.util.List;
import java.util.function.Function;

/**
 * Takes a checked request to its region's peer: answers at once what the peer's published state
 * already refutes (not here, not leader, stale epoch, key outside), otherwise queues it and answers
 * when the peer is done. Hot path.
 */
final class RequestRouter {

    private static final long BUSY_BACKOFF_MS = 20;

    private final RaftStore store;
    private final ReadPool pool;

    RequestRouter(RaftStore store, ReadPool pool) {
        this.store = store;
        this.pool = pool;
    }

    /** The region error that refuses the request before it is queued, or null. */
    private RegionError precheck(RegionPeer peer, Context ctx, List<ByteString> keys) {
        if (peer == null || peer.isDestroyed()) {
            return RegionErrors.regionNotFound(ctx.getRegionId());
        }
        if (!peer.isLeader()) {
            return RegionErrors.notLeader(ctx.getRegionId(), peer.leaderPeer());
        }
        Region region = peer.region();
        if (ctx.getRegionEpoch().getVersion() != region.getEpoch().getVersion()) {
            return RegionErrors.epochNotMatch(region.getId(), store.regionsSince(region, ctx.getRegionEpoch().getVersion()));
        }
        for (ByteString k : keys) {
            byte[] key = k.toByteArray();
            if (!RegionRange.contains(region, key)) {
                return RegionErrors.keyNotInRegion(key, region);
            }
        }
        return null;
    }

    <R> void write(Context ctx, List<ByteString> keys, RaftCommand.Builder cmd, StreamObserver<R> out,
                   Function<RegionError, R> error, Function<ApplyResult, R> ok) {
        RegionPeer peer = store.region(ctx.getRegionId());
        RegionError e = precheck(peer, ctx, keys);
        if (e != null) {
            reply(out, error.apply(e));
            return;
        }
        RaftCommand command = cmd.setEpoch(ctx.getRegionEpoch()).build();
        boolean queued = peer.offer(new PeerMsg.Propose(command, r ->
                reply(out, r.error() != null ? error.apply(r.error()) : ok.apply(r))));
        if (!queued) {
            store.metrics().busy.increment();
            reply(out, error.apply(RegionErrors.busy("region " + ctx.getRegionId() + " has too many queued requests", BUSY_BACKOFF_MS)));
        }
    }

    <R> void read(Context ctx, List<ByteString> keys, StreamObserver<R> out, Function<RegionError, R> error,
                  Function<Region, R> serve) {
        RegionPeer peer = store.region(ctx.getRegionId());
        RegionError e = precheck(peer, ctx, keys);
        if (e != null) {
            reply(out, error.apply(e));
            return;
        }
        boolean queued = peer.offer(new PeerMsg.Read(new ReadCallback() {
            @Override
            public void ready(Region region) {
                if (!pool.tryExecute(() -> serveRead(ctx, keys, region, out, error, serve))) {
                    store.metrics().busy.increment();
                    reply(out, error.apply(RegionErrors.busy("the read pool is full", BUSY_BACKOFF_MS)));
                }
            }

            @Override
            public void failed(RegionError err) {
                reply(out, error.apply(err));
            }
        }));
        if (!queued) {
            store.metrics().busy.increment();
            reply(out, error.apply(RegionErrors.busy("region " + ctx.getRegionId() + " has too many queued requests", BUSY_BACKOFF_MS)));
        }
    }

    private <R> void serveRead(Context ctx, List<ByteString> keys, Region region, StreamObserver<R> out,
                                      Function<RegionError, R> error, Function<Region, R> serve) {
        // The region may have split between the request's check and the confirmation.
        if (ctx.getRegionEpoch().getVersion() != region.getEpoch().getVersion()) {
            reply(out, error.apply(RegionErrors.epochNotMatch(region.getId(),
                    store.regionsSince(region, ctx.getRegionEpoch().getVersion()))));
            return;
        }
        try {
            reply(out, serve.apply(region));
        } catch (RuntimeException ex) {
            out.onError(Status.INTERNAL.withDescription("read failed: " + ex.getMessage()).asRuntimeException());
        }
    }

    private static <R> void reply(StreamObserver<R> out, R response) {
        try {
            out.onNext(response);
            out.onCompleted();
        } catch (RuntimeException cancelled) {
            // The caller went away (cancelled or deadline passed): nothing to answer.
        }
    }
}
