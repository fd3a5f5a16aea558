package io.managedkvs.raftkv.store.raftstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.managedkvs.raftkv.proto.meta.Region;
import io.managedkvs.raftkv.proto.transport.ExpiredKey;
import io.managedkvs.raftkv.store.engine.ColumnFamily;
import io.managedkvs.raftkv.store.engine.EngineBatch;
import io.managedkvs.raftkv.store.engine.MemoryEngine;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The leader's scan for expired keys: bounded pages that resume where the last one stopped, within the region. */
class ExpiredKeyScannerTest {

    private static final long NOW = 5_000;
    private final MemoryEngine engine = new MemoryEngine();

    @AfterEach
    void close() {
        engine.close();
    }

    private void store(String key, long expireAt) {
        try (EngineBatch b = engine.newBatch()) {
            b.put(ColumnFamily.DATA, Keys.dataKey(key.getBytes(StandardCharsets.UTF_8)), Codec.encodeValue(new byte[] {1}, expireAt));
            engine.write(b, false);
        }
    }

    private static List<String> names(List<ExpiredKey> keys) {
        return keys.stream().map(k -> k.getKey().toStringUtf8()).toList();
    }

    @Test
    void pagesHoldOnlyExpiredKeysOfTheRegionWithTheirExpiryAndResumeAfterTheLastOne() {
        store("a1", NOW - 1);
        for (int i = 0; i < 7; i++) {
            store("k" + i, i % 2 == 0 ? NOW - i : (i == 1 ? 0 : NOW + 1));
        }
        store("z1", NOW - 1);
        Region region = Region.newBuilder().setId(1).setStartKey(ByteString.copyFromUtf8("k")).setEndKey(ByteString.copyFromUtf8("z")).build();

        List<String> found = new ArrayList<>();
        byte[] from = region.getStartKey().toByteArray();
        int pages = 0;
        while (from != null) {
            ExpiredKeyScanner.Page page = ExpiredKeyScanner.scan(engine, region, from, 2, NOW);
            assertThat(page.keys()).hasSizeLessThanOrEqualTo(2);
            page.keys().forEach(k -> assertThat(k.getExpireAtMs()).isEqualTo(NOW - Integer.parseInt(k.getKey().toStringUtf8().substring(1))));
            found.addAll(names(page.keys()));
            from = page.next();
            pages++;
        }
        assertThat(found).containsExactly("k0", "k2", "k4", "k6");
        assertThat(pages).isGreaterThan(1);
    }

    @Test
    void aRegionWithoutExpiredKeysGivesAnEmptyLastPage() {
        store("k1", 0);
        store("k2", NOW + 1);
        ExpiredKeyScanner.Page page = ExpiredKeyScanner.scan(engine, Region.newBuilder().setId(1).build(), new byte[0], 10, NOW);
        assertThat(page.keys()).isEmpty();
        assertThat(page.next()).isNull();
    }
}
