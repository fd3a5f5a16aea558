package io.managedkvs.raft.storage;

/** A snapshot is being produced and is not ready yet; the core retries on a later heartbeat. */
public final class SnapshotUnavailableException extends RuntimeException {

    public SnapshotUnavailableException() {
        super("snapshot temporarily unavailable", null, false, false);
    }
}
