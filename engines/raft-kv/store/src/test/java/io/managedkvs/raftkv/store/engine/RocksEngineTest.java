package io.managedkvs.raftkv.store.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RocksEngineTest extends StorageEngineContract {

    @Override
    StorageEngine open(Path dir) {
        return new RocksEngine(dir);
    }

    @Test
    void synchronousWritesSurviveReopening() {
        try (EngineBatch batch = engine.newBatch()) {
            batch.put(ColumnFamily.RAFT, b("hs"), b("term"));
            batch.put(ColumnFamily.DATA, b("k"), b("v"));
            engine.write(batch, true);
        }
        engine.close();
        engine = open(tmp.resolve("db"));
        assertThat(s(engine.get(ColumnFamily.RAFT, b("hs")))).isEqualTo("term");
        assertThat(s(engine.get(ColumnFamily.DATA, b("k")))).isEqualTo("v");
    }
}
