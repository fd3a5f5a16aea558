package io.managedkvs.raftkv.store.engine;

import java.nio.file.Path;

class MemoryEngineTest extends StorageEngineContract {

    @Override
    StorageEngine open(Path dir) {
        return new MemoryEngine();
    }
}
