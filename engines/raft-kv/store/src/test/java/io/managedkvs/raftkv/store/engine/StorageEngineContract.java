package io.managedkvs.raftkv.store.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every {@link StorageEngine} must do; one subclass per implementation. */
abstract class StorageEngineContract {

    @TempDir
    Path tmp;

    StorageEngine engine;

    abstract StorageEngine open(Path dir);

    @BeforeEach
    void openEngine() {
        engine = open(tmp.resolve("db"));
    }

    @AfterEach
    void closeEngine() {
        engine.close();
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String s(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    List<String> keys(EngineReader reader, ColumnFamily cf, String start, String end) {
        List<String> out = new ArrayList<>();
        reader.scan(cf, b(start), end == null ? null : b(end), (k, v) -> out.add(s(k) + "=" + s(v)));
        return out;
    }

    @Test
    void aBatchIsInvisibleUntilWrittenAndThenVisibleInBothFamilies() {
        try (EngineBatch batch = engine.newBatch()) {
            batch.put(ColumnFamily.DATA, b("k"), b("data"));
            batch.put(ColumnFamily.RAFT, b("k"), b("raft"));
            assertThat(engine.get(ColumnFamily.DATA, b("k"))).isNull();
            assertThat(batch.count()).isEqualTo(2);
            engine.write(batch, true);
        }
        assertThat(s(engine.get(ColumnFamily.DATA, b("k")))).isEqualTo("data");
        assertThat(s(engine.get(ColumnFamily.RAFT, b("k")))).isEqualTo("raft");
    }

    @Test
    void readsThroughABatchSeeItsWritesOverTheEngine() {
        try (EngineBatch first = engine.newBatch()) {
            first.put(ColumnFamily.DATA, b("a"), b("1"));
            first.put(ColumnFamily.DATA, b("b"), b("2"));
            first.put(ColumnFamily.DATA, b("c"), b("3"));
            engine.write(first, false);
        }
        try (EngineBatch batch = engine.newBatch()) {
            batch.put(ColumnFamily.DATA, b("b"), b("22"));
            batch.delete(ColumnFamily.DATA, b("c"));
            batch.put(ColumnFamily.DATA, b("d"), b("4"));
            assertThat(s(batch.get(ColumnFamily.DATA, b("a")))).isEqualTo("1");
            assertThat(s(batch.get(ColumnFamily.DATA, b("b")))).isEqualTo("22");
            assertThat(batch.get(ColumnFamily.DATA, b("c"))).isNull();
            assertThat(keys(batch, ColumnFamily.DATA, "a", null)).containsExactly("a=1", "b=22", "d=4");
            assertThat(keys(engine, ColumnFamily.DATA, "a", null)).containsExactly("a=1", "b=2", "c=3");
        }
    }

    @Test
    void scansAreOrderedUnsignedBoundedAndStoppable() {
        try (EngineBatch batch = engine.newBatch()) {
            batch.put(ColumnFamily.DATA, new byte[] {(byte) 0xf0}, b("high"));
            batch.put(ColumnFamily.DATA, new byte[] {0x10}, b("low"));
            batch.put(ColumnFamily.DATA, b("m1"), b("x"));
            batch.put(ColumnFamily.DATA, b("m2"), b("y"));
            engine.write(batch, true);
        }
        List<byte[]> order = new ArrayList<>();
        engine.scan(ColumnFamily.DATA, new byte[0], null, (k, v) -> order.add(k));
        assertThat(order).hasSize(4);
        assertThat(order.get(0)).containsExactly(0x10);
        assertThat(order.get(3)).containsExactly((byte) 0xf0);
        assertThat(keys(engine, ColumnFamily.DATA, "m1", "m2")).containsExactly("m1=x");
        List<String> first = new ArrayList<>();
        engine.scan(ColumnFamily.DATA, new byte[0], null, (k, v) -> {
            first.add(s(v));
            return false;
        });
        assertThat(first).containsExactly("low");
    }

    @Test
    void deleteRangeRemovesExactlyTheRange() {
        try (EngineBatch batch = engine.newBatch()) {
            for (String k : List.of("a", "b", "c", "d")) {
                batch.put(ColumnFamily.DATA, b(k), b(k));
            }
            engine.write(batch, true);
        }
        try (EngineBatch batch = engine.newBatch()) {
            batch.put(ColumnFamily.DATA, b("bb"), b("bb"));
            batch.deleteRange(ColumnFamily.DATA, b("b"), b("d"));
            engine.write(batch, true);
        }
        assertThat(keys(engine, ColumnFamily.DATA, "", null)).containsExactly("a=a", "d=d");
    }

    @Test
    void aViewKeepsItsImageAndExportsARangeThatIngests() throws Exception {
        try (EngineBatch batch = engine.newBatch()) {
            batch.put(ColumnFamily.DATA, b("a"), b("1"));
            batch.put(ColumnFamily.DATA, b("b"), b("2"));
            batch.put(ColumnFamily.DATA, b("z"), b("9"));
            engine.write(batch, true);
        }
        Path file = tmp.resolve("export.sst");
        try (EngineView view = engine.view()) {
            try (EngineBatch later = engine.newBatch()) {
                later.put(ColumnFamily.DATA, b("a"), b("changed"));
                engine.write(later, true);
            }
            assertThat(s(view.get(ColumnFamily.DATA, b("a")))).isEqualTo("1");
            assertThat(view.export(ColumnFamily.DATA, b("a"), b("c"), file)).isEqualTo(2);
            assertThat(view.export(ColumnFamily.DATA, b("c"), b("y"), tmp.resolve("none.sst"))).isZero();
        }
        try (StorageEngine other = open(tmp.resolve("other"))) {
            other.ingest(ColumnFamily.DATA, file);
            assertThat(keys(other, ColumnFamily.DATA, "", null)).containsExactly("a=1", "b=2");
        }
    }

    @Test
    void approximateSizeGrowsWithData() {
        try (EngineBatch batch = engine.newBatch()) {
            for (int i = 0; i < 1000; i++) {
                batch.put(ColumnFamily.DATA, b(String.format("key%05d", i)), new byte[100]);
            }
            engine.write(batch, true);
        }
        assertThat(engine.approximateSize(ColumnFamily.DATA, b("key"), b("kez"))).isPositive();
        assertThat(engine.approximateSize(ColumnFamily.DATA, b("x"), b("y"))).isZero();
    }
}
