package io.managedkvs.raft.sim;

import io.managedkvs.raft.ProposalResult;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/**
 * The simulated clients: proposals (mostly at the leader, sometimes anywhere), reads anywhere,
 * membership changes, leadership transfers, and the application's log compactions.
 */
final class SimClients {

    private final Simulation sim;
    private final SplittableRandom rnd;
    private long nextRequestId = 1;
    private long payloadSeq;

    SimClients(Simulation sim) {
        this.sim = sim;
        this.rnd = sim.rnd();
    }

    void act(boolean faultsOn) {
        if (!faultsOn || sim.writesPaused()) {
            // While liveness is checked, clients only read: the marker proposal is the one to
            // commit. During a lease challenge the leader must commit nothing new.
            if (rnd.nextDouble() < 0.3) {
                read();
            }
            return;
        }
        if (rnd.nextDouble() < 0.6) {
            int k = 1 + rnd.nextInt(3);
            for (int i = 0; i < k; i++) {
                propose();
            }
        }
        if (rnd.nextDouble() < 0.3) {
            read();
        }
        if (rnd.nextDouble() < 0.02) {
            // Commits made so far were made with the configuration in place: the checker reads a
            // leader's configuration from its Ready, so take them before the configuration changes.
            sim.processReadies();
            new ConfChangeGenerator(rnd, sim.nodes()).proposeAt(sim.leader());
        }
        if (rnd.nextDouble() < 0.01) {
            transfer();
        }
        if (rnd.nextDouble() < 0.05) {
            compact();
        }
    }

    private void propose() {
        SimNode target = rnd.nextDouble() < 0.7 ? sim.leader() : sim.randomAlive();
        if (target == null) {
            return;
        }
        byte[] payload = ByteBuffer.allocate(16).putLong(sim.seed()).putLong(++payloadSeq).array();
        ProposalResult r = target.node.propose(payload);
        if (sim.tracing()) {
            sim.log("propose at " + target.id + ": " + r.status());
        }
    }

    private void read() {
        readAt(sim.randomAlive());
    }

    /** A linearizable read at {@code target}: it must see everything applied anywhere by now. */
    void readAt(SimNode target) {
        if (target == null) {
            return;
        }
        long id = nextRequestId++;
        if (target.node.readIndex(id)) {
            target.reads.put(id, new SimNode.PendingRead(sim.invariants().maxApplied()));
            if (sim.tracing()) {
                sim.log("read " + id + " at " + target.id + " (must see " + sim.invariants().maxApplied() + ")");
            }
        }
    }

    private void transfer() {
        SimNode from = rnd.nextBoolean() ? sim.leader() : sim.randomAlive();
        if (from == null) {
            return;
        }
        long target = 1 + rnd.nextInt(sim.nodes().size());
        from.node.transferLeadership(target);
        sim.stats().transfers++;
        sim.log("transfer leadership to " + target + " via " + from.id);
    }

    private void compact() {
        SimNode n = sim.randomAlive();
        if (n == null || n.applied <= n.storage.snapshot().index()) {
            return;
        }
        n.storage.createSnapshot(n.applied, n.appliedConf, n.snapshotData());
        long upTo = Math.max(n.storage.firstIndex() - 1, n.applied - rnd.nextInt(4));
        n.storage.compact(upTo);
        sim.log("compact " + n.id + " to " + upTo + " (snapshot at " + n.applied + ")");
    }
}
