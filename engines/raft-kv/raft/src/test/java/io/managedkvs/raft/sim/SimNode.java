package io.managedkvs.raft.sim;

import io.managedkvs.raft.RaftConfig;
import io.managedkvs.raft.RaftNode;
import io.managedkvs.raft.TestingBridge;
import io.managedkvs.raft.membership.ConfState;
import io.managedkvs.raft.storage.MemoryStorage;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A simulated store process for one node: durable storage that survives crashes, and volatile
 * state (the Raft node, the state machine, pending reads) that does not. The state machine is a
 * hash chain over the applied entries, so equal chains mean equal histories.
 */
final class SimNode {

    /** A read waiting for its ReadState, then for its index to be applied. */
    static final class PendingRead {
        final long requiredApplied;
        long readIndex = -1;

        PendingRead(long requiredApplied) {
            this.requiredApplied = requiredApplied;
        }
    }

    final long id;
    final RaftConfig config;
    final MemoryStorage storage;
    final TestingBridge.Bug bug;
    RaftNode node;
    boolean stopped;
    /** A stalled process (a long pause): until this tick it neither ticks nor handles anything. */
    long pausedUntil;
    /** This process's clock: time units (see {@link Simulation#MICROS_PER_TICK}) per tick, and the time of its next tick. */
    double tickPeriod = Simulation.MICROS_PER_TICK;
    double nextTickAt = Simulation.MICROS_PER_TICK;
    int missedTicks;
    long applied;
    long chain;
    ConfState appliedConf;
    /** The node's configuration when its last Ready was taken. */
    ConfState readyConf;
    /** A client proposed a membership change here since the last Ready. */
    boolean confChangeProposed;
    final Map<Long, PendingRead> reads = new LinkedHashMap<>();

    /**
     * While non-zero, the next start is the first of a node a split has just created, with this
     * split leader (see {@link RaftNode#createdBySplit}); restarts are ordinary.
     */
    private long splitLeader;

    SimNode(long id, RaftConfig config, ConfState initial, TestingBridge.Bug bug) {
        this(id, config, initial, bug, 0);
    }

    SimNode(long id, RaftConfig config, ConfState initial, TestingBridge.Bug bug, long splitLeader) {
        this.id = id;
        this.config = config;
        this.storage = new MemoryStorage(initial);
        this.bug = bug;
        this.splitLeader = splitLeader;
        start();
    }

    boolean alive() {
        return node != null;
    }

    boolean paused(long tick) {
        return node != null && tick < pausedUntil;
    }

    /** Up and not stalled: able to take a client's request. */
    boolean available(long tick) {
        return node != null && tick >= pausedUntil;
    }

    void crash() {
        node = null;
        pausedUntil = 0;
        missedTicks = 0;
        reads.clear();
    }

    /** Starts from storage: the state machine from the snapshot, the log replayed by Raft. */
    void start() {
        node = splitLeader != 0 ? TestingBridge.newSplitNode(config, storage, bug, splitLeader) : TestingBridge.newNode(config, storage, bug);
        splitLeader = 0;
        readyConf = node.confState();
        confChangeProposed = false;
        var snap = storage.snapshot();
        appliedConf = snap.confState();
        applied = snap.index();
        chain = decodeChain(snap.data());
    }

    byte[] snapshotData() {
        return ByteBuffer.allocate(16).putLong(applied).putLong(chain).array();
    }

    static long decodeChain(byte[] data) {
        return data.length < 16 ? 0 : ByteBuffer.wrap(data).getLong(8);
    }
}
