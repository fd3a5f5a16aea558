package io.managedkvs.raftkv.store.raftstore;

import java.util.ArrayList;
import java.util.List;

/**
 * What one round of a poller collects besides the write batch: answers to give and work to do
 * once the batch is durable. Reused round after round by its poller.
 */
final class PollContext {

    private final List<ApplyCallback> callbacks = new ArrayList<>();
    private final List<ApplyResult> results = new ArrayList<>();
    private final List<Runnable> afterWrite = new ArrayList<>();

    /** Hot path: two list slots, no closure. */
    void answer(ApplyCallback callback, ApplyResult result) {
        callbacks.add(callback);
        results.add(result);
    }

    void afterWrite(Runnable task) {
        afterWrite.add(task);
    }

    void finish() {
        for (int i = 0; i < callbacks.size(); i++) {
            callbacks.get(i).done(results.get(i));
        }
        callbacks.clear();
        results.clear();
        for (Runnable r : afterWrite) {
            r.run();
        }
        afterWrite.clear();
    }
}
