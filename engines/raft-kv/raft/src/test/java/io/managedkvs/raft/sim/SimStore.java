package io.managedkvs.raft.sim;

import io.managedkvs.raft.ReadState;
import io.managedkvs.raft.Ready;
import io.managedkvs.raft.harness.Describe;
import io.managedkvs.raft.membership.ConfState;
import io.managedkvs.raft.message.Entry;
import io.managedkvs.raft.message.Message;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What a store does with a node's Ready: persist, send, apply, serve reads, advance, with a crash
 * possible between any two of these parts. It reports every step to the {@link Invariants}.
 */
final class SimStore {

    private final Simulation sim;
    private final SplittableRandom rnd;
    private byte[] marker;
    private boolean markerApplied;

    SimStore(Simulation sim) {
        this.sim = sim;
        this.rnd = sim.rnd();
    }

    /** From now on, notes when an entry with these bytes is applied anywhere. */
    void watchFor(byte[] data) {
        marker = data;
        markerApplied = false;
    }

    boolean markerApplied() {
        return markerApplied;
    }

    void handleReady(SimNode n) {
        Ready rd = n.node.ready();
        ConfState before = n.readyConf;
        ConfState now = n.node.confState();
        // A configuration changes when its entry is appended: by a client's proposal (taken in a
        // Ready of its own first), or by the automatic leave of a joint configuration, appended
        // once the joint entry committed in the joint configuration.
        ConfState leftJoint = !n.confChangeProposed && before.isJoint() && !now.equals(before) ? before : null;
        n.readyConf = now;
        n.confChangeProposed = false;
        if (sim.tracing()) {
            sim.log("ready " + n.id + " " + rd.role() + " term=" + n.node.term() + (rd.hardState() != null ? " " + rd.hardState() : "")
                    + (rd.snapshot() != null ? " " + rd.snapshot() : "")
                    + (rd.entries().isEmpty() ? "" : " persist " + Describe.entries(rd.entries()))
                    + (rd.committedEntries().isEmpty() ? "" : " apply " + Describe.entries(rd.committedEntries()))
                    + " conf=" + n.node.confState());
        }
        int crashAt = sim.faultsOn() && rnd.nextDouble() < sim.params().crashInReadyRate() ? rnd.nextInt(3) : -1;
        if (crashAt == 0) {
            sim.crash(n, "before persisting its Ready");
            return;
        }
        persist(n, rd, leftJoint);
        if (crashAt == 1) {
            sim.crash(n, "after persisting, before sending");
            return;
        }
        sim.invariants().beforeSend(n, rd.messages());
        for (Message m : rd.messages()) {
            sim.send(m);
        }
        if (crashAt == 2) {
            sim.crash(n, "after sending, before applying");
            return;
        }
        apply(n, rd);
        n.node.advance();
    }

    private void persist(SimNode n, Ready rd, ConfState leftJoint) {
        Invariants inv = sim.invariants();
        inv.beforePersist(n, rd.snapshot(), rd.entries());
        long commitBefore = n.storage.hardState().commit();
        if (rd.snapshot() != null) {
            n.storage.applySnapshot(rd.snapshot());
        }
        n.storage.append(rd.entries());
        if (rd.hardState() != null) {
            n.storage.setHardState(rd.hardState());
            // Once persisted, a leader's commit index can be applied or sent: it is a commit.
            if (rd.hardState().commit() > commitBefore && inv.ledCurrentTerm(n)) {
                inv.onLeaderCommit(n, commitBefore, rd.hardState().commit(), n.node.confState(), leftJoint);
            }
        }
    }

    private void apply(SimNode n, Ready rd) {
        Invariants inv = sim.invariants();
        if (rd.snapshot() != null) {
            inv.onSnapshotInstalled(n, rd.snapshot());
        }
        for (Entry e : rd.committedEntries()) {
            inv.onApply(n, e);
            if (marker != null && Arrays.equals(e.data(), marker)) {
                markerApplied = true;
            }
        }
        for (ReadState rs : rd.readStates()) {
            SimNode.PendingRead r = n.reads.get(rs.requestId());
            if (r != null && r.readIndex < 0) {
                r.readIndex = rs.index();
            }
        }
        Iterator<Map.Entry<Long, SimNode.PendingRead>> it = n.reads.entrySet().iterator();
        while (it.hasNext()) {
            SimNode.PendingRead r = it.next().getValue();
            if (r.readIndex >= 0 && r.readIndex <= n.applied) {
                inv.onReadServed(n, r);
                it.remove();
            }
        }
    }
}
