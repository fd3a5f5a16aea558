package io.managedkvs.raftkv.store.transport;

/**
 * How many region snapshots a store moves at once (see docs/raft-kv-store.md, "Snapshot flow").
 *
 * @param maxSending snapshots this store exports and streams at the same time; more wait in the queue
 * @param sendQueue snapshots waiting for a sending slot; beyond it a snapshot is handed back to Raft,
 *                  whose leader asks again later
 * @param maxReceiving snapshots this store receives at the same time; one more is refused with
 *                     RESOURCE_EXHAUSTED and its sender's leader retries later
 */
public record SnapshotFlowConfig(int maxSending, int sendQueue, int maxReceiving) {

    /** More than this only competes for the same disk and network; a typo like 1000 is caught. */
    public static final int MAX_CONCURRENT = 64;

    public SnapshotFlowConfig {
        requireBetween("snapshotFlow.maxSending", maxSending, 1, MAX_CONCURRENT);
        requireBetween("snapshotFlow.sendQueue", sendQueue, 0, 4096);
        requireBetween("snapshotFlow.maxReceiving", maxReceiving, 1, MAX_CONCURRENT);
    }

    /** Two out, four in, 64 waiting: a store catching up takes snapshots from two leaders' stores at full pace. */
    public static SnapshotFlowConfig defaults() {
        return new SnapshotFlowConfig(2, 64, 4);
    }

    public SnapshotFlowConfig withMaxSending(int n) {
        return new SnapshotFlowConfig(n, sendQueue, maxReceiving);
    }

    public SnapshotFlowConfig withMaxReceiving(int n) {
        return new SnapshotFlowConfig(maxSending, sendQueue, n);
    }

    private static void requireBetween(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + ": must be between " + min + " and " + max + ", got " + value);
        }
    }
}
