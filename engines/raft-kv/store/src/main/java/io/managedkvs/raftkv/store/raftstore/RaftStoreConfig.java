package io.managedkvs.raftkv.store.raftstore;

import io.managedkvs.raft.RaftConfig;
import io.managedkvs.raft.ReadOnlyOption;
import io.managedkvs.raftkv.store.transport.SnapshotFlowConfig;
import java.time.Duration;

/**
 * The knobs of the raft store.
 *
 * @param tickInterval the Raft tick; with electionTick 10 an election starts 250-500 ms after the leader went silent
 * @param pollers threads driving all regions
 * @param mailboxCapacity messages a region queues before callers get ServerIsBusy
 * @param regionMaxBytes a region larger than this splits
 * @param regionMaxKeys a region with more keys than this splits
 * @param splitCheckInterval how often leaders look at their regions' size
 * @param logGc when leaders compact their regions' Raft logs
 * @param expiryPurge when and how fast leaders delete their regions' expired keys
 * @param snapshotFlow how many region snapshots move at once, out and in
 */
public record RaftStoreConfig(
        Duration tickInterval,
        int pollers,
        int mailboxCapacity,
        long regionMaxBytes,
        long regionMaxKeys,
        Duration splitCheckInterval,
        LogGcConfig logGc,
        ExpiryPurgeConfig expiryPurge,
        SnapshotFlowConfig snapshotFlow) {

    public static RaftStoreConfig defaults() {
        return new RaftStoreConfig(Duration.ofMillis(25), 2, 4096, 96L << 20, 960_000, Duration.ofSeconds(10), LogGcConfig.defaults(),
                ExpiryPurgeConfig.defaults(), SnapshotFlowConfig.defaults());
    }

    public RaftStoreConfig withSplit(long maxBytes, long maxKeys, Duration checkInterval) {
        return new RaftStoreConfig(tickInterval, pollers, mailboxCapacity, maxBytes, maxKeys, checkInterval, logGc, expiryPurge,
                snapshotFlow);
    }

    public RaftStoreConfig withPollers(int threads) {
        return new RaftStoreConfig(tickInterval, threads, mailboxCapacity, regionMaxBytes, regionMaxKeys, splitCheckInterval, logGc,
                expiryPurge, snapshotFlow);
    }

    public RaftStoreConfig withLogGc(LogGcConfig gc) {
        return new RaftStoreConfig(tickInterval, pollers, mailboxCapacity, regionMaxBytes, regionMaxKeys, splitCheckInterval, gc,
                expiryPurge, snapshotFlow);
    }

    public RaftStoreConfig withExpiryPurge(ExpiryPurgeConfig purge) {
        return new RaftStoreConfig(tickInterval, pollers, mailboxCapacity, regionMaxBytes, regionMaxKeys, splitCheckInterval, logGc,
                purge, snapshotFlow);
    }

    public RaftStoreConfig withSnapshotFlow(SnapshotFlowConfig flow) {
        return new RaftStoreConfig(tickInterval, pollers, mailboxCapacity, regionMaxBytes, regionMaxKeys, splitCheckInterval, logGc,
                expiryPurge, flow);
    }

    /** The core's configuration for peer {@code peerId}: lease reads, PreVote, CheckQuorum, 25 ms ticks. */
    RaftConfig raftConfig(long peerId) {
        return RaftConfig.defaults(peerId).withTicks(10, 2).withReadOnly(ReadOnlyOption.LEASE_BASED)
                .withRandomSeed(peerId ^ System.nanoTime());
    }
}
