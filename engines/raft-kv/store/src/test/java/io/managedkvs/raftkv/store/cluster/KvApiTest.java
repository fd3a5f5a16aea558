package io.managedkvs.raftkv.store.cluster;

import static io.managedkvs.raftkv.store.cluster.KvCalls.bytes;
import static io.managedkvs.raftkv.store.cluster.KvCalls.context;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.managedkvs.raftkv.proto.kv.BatchGetRequest;
import io.managedkvs.raftkv.proto.kv.BatchPutRequest;
import io.managedkvs.raftkv.proto.kv.CasCondition;
import io.managedkvs.raftkv.proto.kv.CompareAndSwapRequest;
import io.managedkvs.raftkv.proto.kv.CompareAndSwapResponse;
import io.managedkvs.raftkv.proto.kv.Context;
import io.managedkvs.raftkv.proto.kv.DeleteRangeRequest;
import io.managedkvs.raftkv.proto.kv.DeleteRequest;
import io.managedkvs.raftkv.proto.kv.GetRequest;
import io.managedkvs.raftkv.proto.kv.KvGrpc;
import io.managedkvs.raftkv.proto.kv.KvPair;
import io.managedkvs.raftkv.proto.kv.PutRequest;
import io.managedkvs.raftkv.proto.kv.ScanRequest;
import io.managedkvs.raftkv.proto.kv.ScanResponse;
import io.managedkvs.raftkv.proto.meta.Region;
import io.managedkvs.raftkv.proto.meta.RegionEpoch;
import io.managedkvs.raftkv.store.raftstore.RaftStoreConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every RPC of kv.proto against a one-replica region: answers, TTL, region errors and refused input. */
class KvApiTest {

    @TempDir
    static Path tmp;

    static LocalStores cluster;
    static KvCalls calls;
    static Region region;

    @BeforeAll
    static void start() throws Exception {
        cluster = new LocalStores(tmp, RaftStoreConfig.defaults(), 1);
        calls = new KvCalls();
        region = cluster.bootstrap(7);
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.leader(7) != null);
    }

    @AfterAll
    static void stop() {
        calls.close();
        cluster.close();
    }

    static KvGrpc.KvBlockingStub kv() {
        return calls.stub(cluster.nodes.get(0).address);
    }

    static Context ctx() {
        return context(region);
    }

    @Test
    void putGetDeleteAndBatches() {
        kv().put(PutRequest.newBuilder().setContext(ctx()).setKey(bytes("a")).setValue(bytes("1")).build());
        assertThat(kv().get(GetRequest.newBuilder().setContext(ctx()).setKey(bytes("a")).build()).getValue().toStringUtf8()).isEqualTo("1");
        kv().batchPut(BatchPutRequest.newBuilder().setContext(ctx())
                .addPairs(KvPair.newBuilder().setKey(bytes("b")).setValue(bytes("2")))
                .addPairs(KvPair.newBuilder().setKey(bytes("c")).setValue(bytes("3"))).build());
        var got = kv().batchGet(BatchGetRequest.newBuilder().setContext(ctx()).addKeys(bytes("c")).addKeys(bytes("zz")).addKeys(bytes("b")).build());
        assertThat(got.getPairsList()).extracting(p -> p.getKey().toStringUtf8() + "=" + p.getValue().toStringUtf8()).containsExactly("c=3", "b=2");
        assertThat(kv().delete(DeleteRequest.newBuilder().setContext(ctx()).setKey(bytes("b")).build()).getDeleted()).isTrue();
        assertThat(kv().delete(DeleteRequest.newBuilder().setContext(ctx()).setKey(bytes("b")).build()).getDeleted()).isFalse();
        assertThat(kv().get(GetRequest.newBuilder().setContext(ctx()).setKey(bytes("b")).build()).getFound()).isFalse();
    }

    @Test
    void scanIsForwardBoundedLimitedAndCanBeKeyOnly() {
        for (int i = 0; i < 10; i++) {
            kv().put(PutRequest.newBuilder().setContext(ctx()).setKey(bytes("s" + i)).setValue(bytes("v" + i)).build());
        }
        ScanResponse r = kv().scan(ScanRequest.newBuilder().setContext(ctx()).setStartKey(bytes("s2")).setEndKey(bytes("s7"))
                .setLimit(3).build());
        assertThat(r.getPairsList()).extracting(p -> p.getKey().toStringUtf8()).containsExactly("s2", "s3", "s4");
        ScanResponse keysOnly = kv().scan(ScanRequest.newBuilder().setContext(ctx()).setStartKey(bytes("s8")).setLimit(100)
                .setKeyOnly(true).build());
        assertThat(keysOnly.getPairsList()).extracting(p -> p.getKey().toStringUtf8()).containsExactly("s8", "s9");
        assertThat(keysOnly.getPairs(0).getValue().isEmpty()).isTrue();
        kv().deleteRange(DeleteRangeRequest.newBuilder().setContext(ctx()).setStartKey(bytes("s3")).setEndKey(bytes("s6")).build());
        ScanResponse after = kv().scan(ScanRequest.newBuilder().setContext(ctx()).setStartKey(bytes("s")).setEndKey(bytes("t")).setLimit(100).build());
        assertThat(after.getPairsList()).extracting(p -> p.getKey().toStringUtf8())
                .containsExactly("s0", "s1", "s2", "s6", "s7", "s8", "s9");
    }

    @Test
    void compareAndSwapChecksItsConditionAtomically() {
        CompareAndSwapResponse first = kv().compareAndSwap(CompareAndSwapRequest.newBuilder().setContext(ctx()).setKey(bytes("cas"))
                .setCondition(CasCondition.KEY_ABSENT).setNewValue(bytes("one")).build());
        assertThat(first.getSucceeded()).isTrue();
        assertThat(first.getPreviousFound()).isFalse();
        CompareAndSwapResponse wrong = kv().compareAndSwap(CompareAndSwapRequest.newBuilder().setContext(ctx()).setKey(bytes("cas"))
                .setCondition(CasCondition.VALUE_EQUALS).setExpectedValue(bytes("two")).setNewValue(bytes("three")).build());
        assertThat(wrong.getSucceeded()).isFalse();
        assertThat(wrong.getPreviousValue().toStringUtf8()).isEqualTo("one");
        CompareAndSwapResponse right = kv().compareAndSwap(CompareAndSwapRequest.newBuilder().setContext(ctx()).setKey(bytes("cas"))
                .setCondition(CasCondition.VALUE_EQUALS).setExpectedValue(bytes("one")).setDelete(true).build());
        assertThat(right.getSucceeded()).isTrue();
        assertThat(kv().get(GetRequest.newBuilder().setContext(ctx()).setKey(bytes("cas")).build()).getFound()).isFalse();
    }

    @Test
    void aValueWithATtlReportsItAndExpires() throws Exception {
        kv().put(PutRequest.newBuilder().setContext(ctx()).setKey(bytes("ttl")).setValue(bytes("x")).setTtlMs(3_000).build());
        var got = kv().get(GetRequest.newBuilder().setContext(ctx()).setKey(bytes("ttl")).build());
        assertThat(got.getFound()).isTrue();
        assertThat(got.getTtlMs()).isBetween(1L, 3_000L);
        await().atMost(Duration.ofSeconds(15)).until(() ->
                !kv().get(GetRequest.newBuilder().setContext(ctx()).setKey(bytes("ttl")).build()).getFound());
    }

    @Test
    void wrongRegionsGetStructuredErrors() {
        Context unknown = Context.newBuilder().setRegionId(999).setRegionEpoch(region.getEpoch()).build();
        assertThat(kv().get(GetRequest.newBuilder().setContext(unknown).setKey(bytes("a")).build())
                .getRegionError().getRegionNotFound().getRegionId()).isEqualTo(999);
        Context stale = Context.newBuilder().setRegionId(region.getId())
                .setRegionEpoch(RegionEpoch.newBuilder().setConfVer(1).setVersion(0)).build();
        var r = kv().put(PutRequest.newBuilder().setContext(stale).setKey(bytes("a")).setValue(bytes("x")).build());
        assertThat(r.getRegionError().getEpochNotMatch().getCurrentRegionsList()).extracting(Region::getId).containsExactly(region.getId());
    }

    @Test
    void badInputIsRefusedNamingTheFieldAndChangesNothing() {
        kv().put(PutRequest.newBuilder().setContext(ctx()).setKey(bytes("keep")).setValue(bytes("original")).build());
        expectInvalid("key", () -> kv().put(PutRequest.newBuilder().setContext(ctx()).setValue(bytes("x")).build()));
        expectInvalid("key", () -> kv().get(GetRequest.newBuilder().setContext(ctx()).build()));
        expectInvalid("key", () -> kv().put(PutRequest.newBuilder().setContext(ctx())
                .setKey(ByteString.copyFrom(new byte[8 * 1024 + 1])).setValue(bytes("x")).build()));
        expectInvalid("value", () -> kv().put(PutRequest.newBuilder().setContext(ctx()).setKey(bytes("keep"))
                .setValue(ByteString.copyFrom(new byte[8 * 1024 * 1024 + 1])).build()));
        expectInvalid("start_key", () -> kv().scan(ScanRequest.newBuilder().setContext(ctx()).setStartKey(bytes("z"))
                .setEndKey(bytes("a")).setLimit(10).build()));
        expectInvalid("limit", () -> kv().scan(ScanRequest.newBuilder().setContext(ctx()).setLimit(0).build()));
        expectInvalid("context.region_id", () -> kv().put(PutRequest.newBuilder().setKey(bytes("keep")).setValue(bytes("x")).build()));
        expectInvalid("pairs[1].key", () -> kv().batchPut(BatchPutRequest.newBuilder().setContext(ctx())
                .addPairs(KvPair.newBuilder().setKey(bytes("keep")).setValue(bytes("changed")))
                .addPairs(KvPair.newBuilder().setValue(bytes("no key"))).build()));
        expectInvalid("start_key", () -> kv().deleteRange(DeleteRangeRequest.newBuilder().setContext(ctx())
                .setStartKey(bytes("z")).setEndKey(bytes("a")).build()));
        assertThat(kv().get(GetRequest.newBuilder().setContext(ctx()).setKey(bytes("keep")).build()).getValue().toStringUtf8())
                .isEqualTo("original");
    }

    private static void expectInvalid(String field, Supplier<?> call) {
        assertThatThrownBy(call::get).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(e.getStatus().getDescription()).startsWith(field + ":");
        });
    }
}
