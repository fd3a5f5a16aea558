package io.managedkvs.raftkv.store.raftstore;

/** Hears the outcome of a proposed command, on the poller thread: must not block. */
@FunctionalInterface
public interface ApplyCallback {
    void done(ApplyResult result);
}
