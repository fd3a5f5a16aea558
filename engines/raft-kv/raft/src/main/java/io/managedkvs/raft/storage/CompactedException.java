package io.managedkvs.raft.storage;

/** The requested index is compacted away; the leader sends a snapshot instead. */
public final class CompactedException extends RuntimeException {

    public CompactedException(long index, long firstIndex) {
        super("index " + index + " is compacted; first available index is " + firstIndex, null, false, false);
    }
}
