package io.managedkvs.raft;

import java.util.Objects;

/**
 * The knobs of one Raft node. Ticks are the unit of time: the application calls {@code tick()} at a
 * fixed interval (the store uses 25 ms), so {@code electionTick} 10 and {@code heartbeatTick} 2 mean
 * a heartbeat every 50 ms and an election timeout drawn from [250, 500) ms.
 *
 * @param id this node's id, positive and unique in the group
 * @param electionTick ticks without hearing from a leader before a follower campaigns; the actual
 *     timeout is drawn from [electionTick, 2 * electionTick) each time
 * @param heartbeatTick ticks between a leader's heartbeats; less than electionTick
 * @param maxSizePerMsg bytes of entries in one append message (at least one entry is always sent)
 * @param maxCommittedSizePerReady bytes of committed entries handed out in one Ready
 * @param maxUncommittedBytes bytes a leader accepts beyond its commit index before rejecting
 *     proposals (0 for no bound)
 * @param maxInflightMsgs appends in flight to one follower in the replicate state
 * @param maxInflightBytes bytes in flight to one follower (0 for no bound)
 * @param checkQuorum a leader steps down when it has not heard from a quorum for an election
 *     timeout, and followers ignore votes while they hear from their leader
 * @param preVote a candidate first asks whether it could win before raising its term
 * @param readOnly how reads are confirmed
 * @param randomSeed seed of the election timeout jitter
 */
public record RaftConfig(
        long id,
        int electionTick,
        int heartbeatTick,
        long maxSizePerMsg,
        long maxCommittedSizePerReady,
        long maxUncommittedBytes,
        int maxInflightMsgs,
        long maxInflightBytes,
        boolean checkQuorum,
        boolean preVote,
        ReadOnlyOption readOnly,
        long randomSeed) {

    /**
     * The lease is this much shorter than an election timeout. One tick goes to rounding (the lease
     * counts from the tick before its heartbeat left, a follower's backing from the tick before it
     * arrived), so while the leader ticks {@code electionTick - 2} times a follower may tick at most
     * {@code electionTick - 1} times: a 9/8 clock-rate bound for electionTick 10 (docs/raft.md).
     */
    public static final int LEASE_MARGIN_TICKS = 2;

    public RaftConfig {
        Objects.requireNonNull(readOnly, "readOnly");
        if (id <= 0) {
            throw new IllegalArgumentException("id must be positive, got " + id);
        }
        if (heartbeatTick <= 0) {
            throw new IllegalArgumentException("heartbeatTick must be positive, got " + heartbeatTick);
        }
        if (electionTick <= heartbeatTick) {
            throw new IllegalArgumentException("electionTick must be greater than heartbeatTick (" + heartbeatTick + "), got " + electionTick);
        }
        if (maxSizePerMsg <= 0) {
            throw new IllegalArgumentException("maxSizePerMsg must be positive, got " + maxSizePerMsg);
        }
        if (maxCommittedSizePerReady <= 0) {
            throw new IllegalArgumentException("maxCommittedSizePerReady must be positive, got " + maxCommittedSizePerReady);
        }
        if (maxUncommittedBytes < 0) {
            throw new IllegalArgumentException("maxUncommittedBytes must not be negative, got " + maxUncommittedBytes);
        }
        if (maxInflightMsgs <= 0) {
            throw new IllegalArgumentException("maxInflightMsgs must be positive, got " + maxInflightMsgs);
        }
        if (maxInflightBytes < 0) {
            throw new IllegalArgumentException("maxInflightBytes must not be negative, got " + maxInflightBytes);
        }
        if (readOnly == ReadOnlyOption.LEASE_BASED && !checkQuorum) {
            throw new IllegalArgumentException("readOnly LEASE_BASED requires checkQuorum: without it a deposed leader cannot know its lease ended");
        }
        if (readOnly == ReadOnlyOption.LEASE_BASED && electionTick <= LEASE_MARGIN_TICKS) {
            throw new IllegalArgumentException("electionTick must exceed " + LEASE_MARGIN_TICKS + " for LEASE_BASED reads, got " + electionTick);
        }
    }

    /** The defaults: see docs/raft.md for why. */
    public static RaftConfig defaults(long id) {
        return new RaftConfig(id, 10, 2, 1 << 20, 16 << 20, 64L << 20, 256, 0, true, true, ReadOnlyOption.SAFE, id);
    }

    /** Ticks a leader may serve lease reads after a quorum acknowledged a heartbeat. */
    public int leaseTicks() {
        return electionTick - LEASE_MARGIN_TICKS;
    }

    public RaftConfig withTicks(int election, int heartbeat) {
        return new RaftConfig(id, election, heartbeat, maxSizePerMsg, maxCommittedSizePerReady, maxUncommittedBytes,
                maxInflightMsgs, maxInflightBytes, checkQuorum, preVote, readOnly, randomSeed);
    }

    public RaftConfig withLimits(long sizePerMsg, long committedPerReady, long uncommitted, int inflightMsgs, long inflightBytes) {
        return new RaftConfig(id, electionTick, heartbeatTick, sizePerMsg, committedPerReady, uncommitted,
                inflightMsgs, inflightBytes, checkQuorum, preVote, readOnly, randomSeed);
    }

    public RaftConfig withElectionSafety(boolean checkQuorumOn, boolean preVoteOn) {
        return new RaftConfig(id, electionTick, heartbeatTick, maxSizePerMsg, maxCommittedSizePerReady, maxUncommittedBytes,
                maxInflightMsgs, maxInflightBytes, checkQuorumOn, preVoteOn, readOnly, randomSeed);
    }

    public RaftConfig withReadOnly(ReadOnlyOption option) {
        return new RaftConfig(id, electionTick, heartbeatTick, maxSizePerMsg, maxCommittedSizePerReady, maxUncommittedBytes,
                maxInflightMsgs, maxInflightBytes, checkQuorum, preVote, option, randomSeed);
    }

    public RaftConfig withRandomSeed(long seed) {
        return new RaftConfig(id, electionTick, heartbeatTick, maxSizePerMsg, maxCommittedSizePerReady, maxUncommittedBytes,
                maxInflightMsgs, maxInflightBytes, checkQuorum, preVote, readOnly, seed);
    }
}
