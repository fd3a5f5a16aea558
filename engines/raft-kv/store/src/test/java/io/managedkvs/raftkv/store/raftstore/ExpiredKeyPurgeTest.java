package io.managedkvs.raftkv.store.raftstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.managedkvs.raftkv.proto.meta.Region;
import io.managedkvs.raftkv.proto.meta.RegionEpoch;
import io.managedkvs.raftkv.proto.transport.ExpiredKey;
import io.managedkvs.raftkv.proto.transport.PurgeExpiredCommand;
import io.managedkvs.raftkv.store.engine.ColumnFamily;
import io.managedkvs.raftkv.store.engine.EngineBatch;
import io.managedkvs.raftkv.store.engine.MemoryEngine;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The conditional delete every replica applies: a key goes only if it still carries the expiry the leader saw, expired at the command's time. */
class ExpiredKeyPurgeTest {

    private static final long NOW = 1_000_000;
    private static final Region REGION = Region.newBuilder().setId(1).setStartKey(ByteString.copyFromUtf8("b"))
            .setEndKey(ByteString.copyFromUtf8("y")).setEpoch(RegionEpoch.newBuilder().setVersion(1).setConfVer(1)).build();

    private final MemoryEngine engine = new MemoryEngine();

    @AfterEach
    void close() {
        engine.close();
    }

    private void store(String key, String value, long expireAt) {
        try (EngineBatch b = engine.newBatch()) {
            b.put(ColumnFamily.DATA, Keys.dataKey(bytes(key)), Codec.encodeValue(bytes(value), expireAt));
            engine.write(b, false);
        }
    }

    private byte[] stored(String key) {
        return engine.get(ColumnFamily.DATA, Keys.dataKey(bytes(key)));
    }

    private int purge(long nowMs, ExpiredKey... keys) {
        try (EngineBatch b = engine.newBatch()) {
            int n = ExpiredKeyPurge.apply(REGION, PurgeExpiredCommand.newBuilder().addAllKeys(List.of(keys)).build(), nowMs, b);
            engine.write(b, false);
            return n;
        }
    }

    private static ExpiredKey expired(String key, long expireAt) {
        return ExpiredKey.newBuilder().setKey(ByteString.copyFromUtf8(key)).setExpireAtMs(expireAt).build();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anExpiredKeyWithTheSameExpiryIsDeleted() {
        store("k1", "v", NOW - 10);
        store("k2", "v", NOW);

        assertThat(purge(NOW, expired("k1", NOW - 10), expired("k2", NOW))).isEqualTo(2);

        assertThat(stored("k1")).isNull();
        assertThat(stored("k2")).isNull();
    }

    @Test
    void aKeyPutAgainWithAnotherExpiryOrNoneIsKept() {
        store("later", "new", NOW + 60_000);
        store("earlier", "new", NOW - 20);
        store("forever", "new", 0);

        assertThat(purge(NOW, expired("later", NOW - 10), expired("earlier", NOW - 10), expired("forever", NOW - 10))).isZero();

        assertThat(Codec.userValue(stored("later"))).isEqualTo(bytes("new"));
        assertThat(Codec.expireAt(stored("earlier"))).isEqualTo(NOW - 20);
        assertThat(Codec.expireAt(stored("forever"))).isZero();
    }

    @Test
    void aKeyNotExpiredAtTheCommandsTimeIsKept() {
        store("k", "v", NOW + 1);

        assertThat(purge(NOW, expired("k", NOW + 1))).isZero();
        assertThat(stored("k")).isNotNull();
        // The same command judged at a later time deletes it: the decision follows now_ms, not a local clock.
        assertThat(purge(NOW + 1, expired("k", NOW + 1))).isEqualTo(1);
        assertThat(stored("k")).isNull();
    }

    @Test
    void aKeyWithoutExpiryIsNeverDeletedEvenIfTheCommandSaysZero() {
        store("k", "v", 0);

        assertThat(purge(NOW, expired("k", 0))).isZero();
        assertThat(stored("k")).isNotNull();
    }

    @Test
    void aMissingKeyIsANoOp() {
        store("other", "v", NOW - 10);

        assertThat(purge(NOW, expired("gone", NOW - 10))).isZero();
        assertThat(stored("gone")).isNull();
        assertThat(stored("other")).isNotNull();
    }

    @Test
    void aKeyOutsideTheRegionIsLeftToItsOwnRegion() {
        store("a", "v", NOW - 10);
        store("z", "v", NOW - 10);

        assertThat(purge(NOW, expired("a", NOW - 10), expired("z", NOW - 10))).isZero();
        assertThat(stored("a")).isNotNull();
        assertThat(stored("z")).isNotNull();
    }

    @Test
    void aPutEarlierInTheSameBatchDecides() {
        store("k", "old", NOW - 10);
        try (EngineBatch b = engine.newBatch()) {
            b.put(ColumnFamily.DATA, Keys.dataKey(bytes("k")), Codec.encodeValue(bytes("new"), 0));
            int n = ExpiredKeyPurge.apply(REGION, PurgeExpiredCommand.newBuilder().addKeys(expired("k", NOW - 10)).build(), NOW, b);
            engine.write(b, false);
            assertThat(n).isZero();
        }
        assertThat(Codec.userValue(stored("k"))).isEqualTo(bytes("new"));
    }
}
