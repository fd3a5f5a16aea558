package io.managedkvs.raft;

import io.managedkvs.raft.progress.Progress;
import io.managedkvs.raft.storage.RaftStorage;

/** Test-only access to the package-private parts of the core: deliberate bugs and internals for output. */
public final class TestingBridge {

    /** Mirrors {@link DeliberateBug} for tests outside this package. */
    public enum Bug {
        NONE,
        COMMIT_PREVIOUS_TERM_BY_COUNTING,
        VOTE_WITHOUT_LOG_CHECK,
        READ_INDEX_WITHOUT_QUORUM,
        APPEND_WITHOUT_LOG_MATCH,
        NO_RESTART_VOTE_LEASE,
        LEASE_VOTES_NOT_IGNORED,
        HARD_STATE_VOTE_NOT_IN_READY,
        LEASE_KEPT_ON_TRANSFER,
        CONF_CHANGE_BEFORE_TERM_COMMIT,
        LEASE_LONGER_THAN_ELECTION_TIMEOUT,
        SPLIT_VOTE_KEPT_AFTER_LEADER
    }

    private TestingBridge() {
    }

    public static RaftNode newNode(RaftConfig cfg, RaftStorage storage, Bug bug) {
        return new RaftNode(cfg, storage, DeliberateBug.valueOf(bug.name()));
    }

    /** {@link RaftNode#createdBySplit} with a deliberate bug. */
    public static RaftNode newSplitNode(RaftConfig cfg, RaftStorage storage, Bug bug, long splitLeader) {
        return new RaftNode(cfg, storage, DeliberateBug.valueOf(bug.name()), splitLeader);
    }

    /** The leader's progress of {@code id} at {@code node}, or null. */
    public static Progress progress(RaftNode node, long id) {
        return node.raft().tracker.progress(id);
    }

    /**
     * Starts an election as the election timeout would, even while the node backs a lease (which
     * {@link RaftNode#campaign()} refuses): scenarios use it to stand for a timeout that fired.
     */
    public static void electionTimeout(RaftNode node) {
        node.raft().campaign(false);
    }

    public static int randomizedElectionTimeout(RaftNode node) {
        return node.raft().randomizedElectionTimeout;
    }

    public static void setRandomizedElectionTimeout(RaftNode node, int ticks) {
        node.raft().randomizedElectionTimeout = ticks;
    }

    public static boolean leaseValid(RaftNode node) {
        return node.role() == Role.LEADER && node.raft().reads.leaseValid();
    }
}
