package io.managedkvs.raftkv.store.kv;

import com.google.protobuf.ByteString;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.managedkvs.raftkv.proto.kv.BatchGetRequest;
import io.managedkvs.raftkv.proto.kv.BatchGetResponse;
import io.managedkvs.raftkv.proto.kv.BatchPutRequest;
import io.managedkvs.raftkv.proto.kv.BatchPutResponse;
import io.managedkvs.raftkv.proto.kv.CompareAndSwapRequest;
import io.managedkvs.raftkv.proto.kv.CompareAndSwapResponse;
import io.managedkvs.raftkv.proto.kv.Context;
import io.managedkvs.raftkv.proto.kv.DeleteRangeRequest;
import io.managedkvs.raftkv.proto.kv.DeleteRangeResponse;
import io.managedkvs.raftkv.proto.kv.DeleteRequest;
import io.managedkvs.raftkv.proto.kv.DeleteResponse;
import io.managedkvs.raftkv.proto.kv.GetRequest;
import io.managedkvs.raftkv.proto.kv.GetResponse;
import io.managedkvs.raftkv.proto.kv.KvGrpc;
import io.managedkvs.raftkv.proto.kv.KvPair;
import io.managedkvs.raftkv.proto.kv.PutRequest;
import io.managedkvs.raftkv.proto.kv.PutResponse;
import io.managedkvs.raftkv.proto.kv.RegionError;
import io.managedkvs.raftkv.proto.kv.ScanRequest;
import io.managedkvs.raftkv.proto.kv.ScanResponse;
import io.managedkvs.raftkv.proto.transport.BatchPutCommand;
import io.managedkvs.raftkv.proto.transport.CasCommand;
import io.managedkvs.raftkv.proto.transport.DeleteCommand;
import io.managedkvs.raftkv.proto.transport.DeleteRangeCommand;
import io.managedkvs.raftkv.proto.transport.PutCommand;
import io.managedkvs.raftkv.proto.transport.RaftCommand;
import io.managedkvs.raftkv.store.raftstore.RaftStore;
import java.util.ArrayList;
import java.util.List;

/**
 * The key-value API. Checks input (INVALID_ARGUMENT, nothing queued), routes to the region's peer
 * (structured region errors), then queues writes as Raft proposals answered after apply, and reads
 * behind a ReadIndex or lease confirmation. Never blocks a gRPC thread: answers come from the
 * poller (writes) or the read pool (reads).
 */
public final class KvService extends KvGrpc.KvImplBase {

    private final RequestRouter router;
    private final RegionReads reads;

    public KvService(RaftStore store, ReadPool pool) {
        this.router = new RequestRouter(store, pool);
        this.reads = new RegionReads(store.engine());
    }

    @Override
    public void get(GetRequest req, StreamObserver<GetResponse> out) {
        if (!check(out, () -> {
            RequestValidator.context(req.getContext());
            RequestValidator.key("key", req.getKey());
        })) {
            return;
        }
        byte[] key = req.getKey().toByteArray();
        router.read(req.getContext(), List.of(req.getKey()), out, e -> GetResponse.newBuilder().setRegionError(e).build(), region -> {
            KvPair p = reads.get(key, System.currentTimeMillis());
            return p == null ? GetResponse.getDefaultInstance()
                    : GetResponse.newBuilder().setFound(true).setValue(p.getValue()).setTtlMs(p.getTtlMs()).build();
        });
    }

    @Override
    public void batchGet(BatchGetRequest req, StreamObserver<BatchGetResponse> out) {
        if (!check(out, () -> {
            RequestValidator.context(req.getContext());
            RequestValidator.keys("keys", req.getKeysList());
        })) {
            return;
        }
        router.read(req.getContext(), req.getKeysList(), out, e -> BatchGetResponse.newBuilder().setRegionError(e).build(), region -> {
            long now = System.currentTimeMillis();
            BatchGetResponse.Builder b = BatchGetResponse.newBuilder();
            for (ByteString k : req.getKeysList()) {
                KvPair p = reads.get(k.toByteArray(), now);
                if (p != null) {
                    b.addPairs(p);
                }
            }
            return b.build();
        });
    }

    @Override
    public void scan(ScanRequest req, StreamObserver<ScanResponse> out) {
        if (!check(out, () -> {
            RequestValidator.context(req.getContext());
            RequestValidator.range(req.getStartKey(), req.getEndKey());
            RequestValidator.scanLimit(req.getLimit());
        })) {
            return;
        }
        router.read(req.getContext(), List.of(), out, e -> ScanResponse.newBuilder().setRegionError(e).build(), region ->
                ScanResponse.newBuilder().addAllPairs(reads.scan(region, req.getStartKey().toByteArray(),
                        req.getEndKey().toByteArray(), req.getLimit(), req.getKeyOnly(), System.currentTimeMillis())).build());
    }

    @Override
    public void put(PutRequest req, StreamObserver<PutResponse> out) {
        if (!check(out, () -> {
            RequestValidator.context(req.getContext());
            RequestValidator.key("key", req.getKey());
            RequestValidator.value("value", req.getValue());
            RequestValidator.ttl(req.getTtlMs());
        })) {
            return;
        }
        long now = System.currentTimeMillis();
        RaftCommand.Builder cmd = RaftCommand.newBuilder().setNowMs(now).setPut(PutCommand.newBuilder()
                .setKey(req.getKey()).setValue(req.getValue()).setExpireAtMs(expireAt(now, req.getTtlMs())));
        router.write(req.getContext(), List.of(req.getKey()), cmd, out, e -> PutResponse.newBuilder().setRegionError(e).build(),
                r -> PutResponse.getDefaultInstance());
    }

    @Override
    public void batchPut(BatchPutRequest req, StreamObserver<BatchPutResponse> out) {
        List<ByteString> keys = new ArrayList<>(req.getPairsCount());
        if (!check(out, () -> {
            RequestValidator.context(req.getContext());
            RequestValidator.batch("pairs", req.getPairsCount());
            for (int i = 0; i < req.getPairsCount(); i++) {
                RequestValidator.key("pairs[" + i + "].key", req.getPairs(i).getKey());
                RequestValidator.value("pairs[" + i + "].value", req.getPairs(i).getValue());
                keys.add(req.getPairs(i).getKey());
            }
            RequestValidator.ttl(req.getTtlMs());
        })) {
            return;
        }
        long now = System.currentTimeMillis();
        RaftCommand.Builder cmd = RaftCommand.newBuilder().setNowMs(now).setBatchPut(BatchPutCommand.newBuilder()
                .addAllPairs(req.getPairsList()).setExpireAtMs(expireAt(now, req.getTtlMs())));
        router.write(req.getContext(), keys, cmd, out, e -> BatchPutResponse.newBuilder().setRegionError(e).build(),
                r -> BatchPutResponse.getDefaultInstance());
    }

    @Override
    public void delete(DeleteRequest req, StreamObserver<DeleteResponse> out) {
        if (!check(out, () -> {
            RequestValidator.context(req.getContext());
            RequestValidator.key("key", req.getKey());
        })) {
            return;
        }
        RaftCommand.Builder cmd = RaftCommand.newBuilder().setNowMs(System.currentTimeMillis())
                .setDelete(DeleteCommand.newBuilder().setKey(req.getKey()));
        router.write(req.getContext(), List.of(req.getKey()), cmd, out, e -> DeleteResponse.newBuilder().setRegionError(e).build(),
                r -> DeleteResponse.newBuilder().setDeleted(r.flag()).build());
    }

    @Override
    public void deleteRange(DeleteRangeRequest req, StreamObserver<DeleteRangeResponse> out) {
        if (!check(out, () -> {
            RequestValidator.context(req.getContext());
            RequestValidator.range(req.getStartKey(), req.getEndKey());
        })) {
            return;
        }
        RaftCommand.Builder cmd = RaftCommand.newBuilder().setNowMs(System.currentTimeMillis())
                .setDeleteRange(DeleteRangeCommand.newBuilder().setStartKey(req.getStartKey()).setEndKey(req.getEndKey()));
        router.write(req.getContext(), List.of(), cmd, out, e -> DeleteRangeResponse.newBuilder().setRegionError(e).build(),
                r -> DeleteRangeResponse.getDefaultInstance());
    }

    @Override
    public void compareAndSwap(CompareAndSwapRequest req, StreamObserver<CompareAndSwapResponse> out) {
        if (!check(out, () -> {
            RequestValidator.context(req.getContext());
            RequestValidator.key("key", req.getKey());
            RequestValidator.value("new_value", req.getNewValue());
            RequestValidator.value("expected_value", req.getExpectedValue());
            RequestValidator.ttl(req.getTtlMs());
            if (req.getConditionValue() < 0 || req.getConditionValue() > 2) {
                throw RequestValidator.invalid("condition: unknown value " + req.getConditionValue());
            }
        })) {
            return;
        }
        long now = System.currentTimeMillis();
        RaftCommand.Builder cmd = RaftCommand.newBuilder().setNowMs(now).setCas(CasCommand.newBuilder()
                .setKey(req.getKey()).setCondition(req.getCondition()).setExpectedValue(req.getExpectedValue())
                .setNewValue(req.getNewValue()).setDelete(req.getDelete()).setExpireAtMs(expireAt(now, req.getTtlMs())));
        router.write(req.getContext(), List.of(req.getKey()), cmd, out,
                e -> CompareAndSwapResponse.newBuilder().setRegionError(e).build(),
                r -> {
                    CompareAndSwapResponse.Builder b = CompareAndSwapResponse.newBuilder().setSucceeded(r.flag())
                            .setPreviousFound(r.previousFound());
                    if (r.previousValue() != null) {
                        b.setPreviousValue(ByteString.copyFrom(r.previousValue()));
                    }
                    return b.build();
                });
    }

    private static long expireAt(long now, long ttlMs) {
        return ttlMs == 0 ? 0 : now + ttlMs;
    }

    /** Runs the checks; on a failed one answers INVALID_ARGUMENT and returns false. */
    private static boolean check(StreamObserver<?> out, Runnable checks) {
        try {
            checks.run();
            return true;
        } catch (StatusRuntimeException e) {
            out.onError(e);
            return false;
        }
    }

}
