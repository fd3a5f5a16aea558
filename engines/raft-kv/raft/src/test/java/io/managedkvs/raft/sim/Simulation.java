package io.managedkvs.raft.sim;

import io.managedkvs.raft.RaftConfig;
import io.managedkvs.raft.ReadOnlyOption;
import io.managedkvs.raft.ReadState;
import io.managedkvs.raft.Ready;
import io.managedkvs.raft.Role;
import io.managedkvs.raft.TestingBridge;
import io.managedkvs.raft.harness.Describe;
import io.managedkvs.raft.membership.ConfState;
import io.managedkvs.raft.message.Entry;
import io.managedkvs.raft.message.Message;
import io.managedkvs.raft.message.MessageType;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One deterministic run: a cluster of simulated nodes over a faulty network, driven by random
 * client requests and faults for a number of ticks, then healed and checked for liveness. Every
 * random choice comes from the seed, so a seed replays exactly.
 */
final class Simulation {

    static final int MICROS_PER_TICK = 10;
    private static final int TRACE_LINES = 600;

    private final long seed;
    private final int steps;
    private final TestingBridge.Bug bug;
    private final boolean trace;
    private final SplittableRandom rnd;
    private final SimStats stats = new SimStats();
    private final ArrayDeque<String> traceLog = new ArrayDeque<>();
    private SimParams params;
    private final List<SimNode> nodes = new ArrayList<>();
    private final SimNetwork net = new SimNetwork();
    private Invariants inv;
    private long now;
    private long tick;
    private boolean faultsOn = true;
    private final SimClients clients;
    private byte[] marker;
    private boolean markerApplied;

    Simulation(long seed, int steps, TestingBridge.Bug bug, boolean trace) {
        this.seed = seed;
        this.steps = steps;
        this.bug = bug;
        this.trace = trace;
        this.rnd = new SplittableRandom(seed);
        this.clients = new SimClients(this);
    }

    /** The outcome: the violation found (null if none), counts, and the trace when tracing. */
    record Result(long seed, String violation, SimStats stats, String params, List<String> trace) {
    }

    Result run() {
        String violation = null;
        try {
            setUp();
            for (int i = 0; i < steps; i++) {
                step();
            }
            healAndCheckLiveness();
        } catch (Violation v) {
            violation = v.getMessage();
        } catch (RuntimeException e) {
            StackTraceElement[] st = e.getStackTrace();
            violation = "core threw " + e + (st.length > 0 ? " at " + st[0] : "");
        }
        if (violation != null) {
            violation = "tick " + tick + ": " + violation;
        }
        return new Result(seed, violation, stats, params == null ? "" : params.toString(), List.copyOf(traceLog));
    }

    private void setUp() {
        params = SimParams.draw(rnd);
        long[] voterIds = new long[params.voters()];
        for (int i = 0; i < voterIds.length; i++) {
            voterIds[i] = i + 1;
        }
        ConfState initial = ConfState.ofVoters(voterIds);
        inv = new Invariants(initial, stats);
        for (long id = 1; id <= params.voters() + params.spares(); id++) {
            RaftConfig cfg = RaftConfig.defaults(id)
                    .withTicks(params.electionTick(), params.heartbeatTick())
                    .withElectionSafety(params.checkQuorum(), params.preVote())
                    .withLimits(params.maxSizePerMsg(), 64 << 10, params.maxUncommittedBytes(), params.maxInflight(), params.maxInflightBytes())
                    .withReadOnly(params.leaseReads() ? ReadOnlyOption.LEASE_BASED : ReadOnlyOption.SAFE)
                    .withRandomSeed(seed);
            nodes.add(new SimNode(id, cfg, id <= params.voters() ? initial : ConfState.EMPTY, bug));
        }
        log("params " + params);
    }

    // ---------------------------------------------------------------- one tick

    private void step() {
        resumePausedNodes();
        if (faultsOn) {
            injectFaults();
        }
        clients.act(faultsOn);
        for (int u = 0; u < MICROS_PER_TICK; u++) {
            now++;
            deliverDue();
            processReadies();
        }
        tick++;
        for (SimNode n : nodes) {
            if (n.paused(tick)) {
                n.missedTicks++;
            } else if (n.alive()) {
                n.node.tick();
            }
        }
        inv.observeRoles(nodes);
        processReadies();
    }

    private void deliverDue() {
        SimNetwork.Event e;
        while ((e = net.poll(now)) != null) {
            SimNode target = node(e.message() == null ? e.reportTo() : e.message().to());
            if (target.paused(tick)) {
                // A stalled process reads its socket when it resumes.
                long resume = target.pausedUntil * MICROS_PER_TICK + 1;
                if (e.message() == null) {
                    net.scheduleReport(resume, e.reportTo(), e.reportPeer(), e.reportSuccess());
                } else {
                    net.schedule(resume, e.message());
                }
                continue;
            }
            if (e.message() == null) {
                SimNode s = node(e.reportTo());
                if (s.alive() && e.unreachable()) {
                    s.node.reportUnreachable(e.reportPeer());
                } else if (s.alive()) {
                    s.node.reportSnapshot(e.reportPeer(), e.reportSuccess());
                }
                continue;
            }
            Message m = e.message();
            SimNode to = node(m.to());
            if (!to.alive() || !net.linked(m.from(), m.to())) {
                dropped(m);
                continue;
            }
            if (trace && m.type() != MessageType.HEARTBEAT && m.type() != MessageType.HEARTBEAT_RESPONSE) {
                log("deliver " + Describe.message(m));
            }
            to.node.step(m);
            if (m.type() == MessageType.SNAPSHOT) {
                net.scheduleReport(now + 1, m.from(), m.to(), true);
            }
            inv.observeRoles(nodes);
            processReadies();
        }
    }

    private void dropped(Message m) {
        if (m.type() == MessageType.SNAPSHOT) {
            // The transport knows a snapshot stream failed and tells the sender.
            net.scheduleReport(now + 1, m.from(), m.to(), false);
        } else if (!net.linked(m.from(), m.to()) && rnd.nextInt(4) == 0) {
            // Sometimes the transport notices the broken link and says so.
            net.scheduleUnreachable(now + 1, m.from(), m.to());
        }
    }

    private void processReadies() {
        for (int round = 0; ; round++) {
            if (round > 10_000) {
                throw new Violation("a node keeps producing Readys without input");
            }
            boolean any = false;
            int start = rnd.nextInt(nodes.size());
            for (int k = 0; k < nodes.size(); k++) {
                SimNode n = nodes.get((start + k) % nodes.size());
                if (n.available(tick) && n.node.hasReady()) {
                    handleReady(n);
                    any = true;
                }
            }
            if (!any) {
                return;
            }
        }
    }

    /** What a store does with a Ready, with a crash possible between any two of its parts. */
    private void handleReady(SimNode n) {
        Ready rd = n.node.ready();
        if (trace) {
            log("ready " + n.id + " " + rd.role() + " term=" + n.node.term() + (rd.hardState() != null ? " " + rd.hardState() : "")
                    + (rd.snapshot() != null ? " " + rd.snapshot() : "")
                    + (rd.entries().isEmpty() ? "" : " persist " + Describe.entries(rd.entries()))
                    + (rd.committedEntries().isEmpty() ? "" : " apply " + Describe.entries(rd.committedEntries()))
                    + " conf=" + n.node.confState());
        }
        int crashAt = faultsOn && rnd.nextDouble() < params.crashInReadyRate() ? rnd.nextInt(3) : -1;
        if (crashAt == 0) {
            crash(n, "before persisting its Ready");
            return;
        }
        inv.beforePersist(n, rd.snapshot(), rd.entries());
        if (rd.snapshot() != null) {
            n.storage.applySnapshot(rd.snapshot());
        }
        n.storage.append(rd.entries());
        if (rd.hardState() != null) {
            n.storage.setHardState(rd.hardState());
        }
        if (crashAt == 1) {
            crash(n, "after persisting, before sending");
            return;
        }
        for (Message m : rd.messages()) {
            send(m);
        }
        if (crashAt == 2) {
            crash(n, "after sending, before applying");
            return;
        }
        if (rd.snapshot() != null) {
            inv.onSnapshotInstalled(n, rd.snapshot());
        }
        for (Entry e : rd.committedEntries()) {
            inv.onApply(n, e, nodes);
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
        serveReads(n);
        n.node.advance();
    }

    private void serveReads(SimNode n) {
        Iterator<Map.Entry<Long, SimNode.PendingRead>> it = n.reads.entrySet().iterator();
        while (it.hasNext()) {
            SimNode.PendingRead r = it.next().getValue();
            if (r.readIndex >= 0 && r.readIndex <= n.applied) {
                inv.onReadServed(n, r);
                it.remove();
            }
        }
    }

    private void send(Message m) {
        if (!net.linked(m.from(), m.to()) || (faultsOn && rnd.nextDouble() < params.lossRate())) {
            dropped(m);
            return;
        }
        net.schedule(now + delay(), m);
        if (faultsOn && rnd.nextDouble() < params.duplicateRate()) {
            net.schedule(now + delay(), m);
        }
    }

    private long delay() {
        return rnd.nextDouble() < 0.8 ? 1 + rnd.nextInt(3) : 1 + rnd.nextInt(params.maxDelay());
    }

    // ---------------------------------------------------------------- faults

    private void injectFaults() {
        double f = params.faultRate();
        if (rnd.nextDouble() < f) {
            // Half of the crashes hit the leader: deposed leaders with uncommitted entries are what
            // the subtle cases (Figure 8 of the Raft paper) are made of.
            SimNode victim = rnd.nextBoolean() ? leader() : randomAlive();
            if (victim != null) {
                crash(victim, "crash");
            }
        }
        for (SimNode n : nodes) {
            if (!n.alive() && !n.stopped && rnd.nextDouble() < 0.1) {
                restart(n);
            }
        }
        if (rnd.nextDouble() < f) {
            partition();
        }
        if (rnd.nextDouble() < f / 2) {
            SimNode stalled = randomAlive();
            if (stalled != null) {
                stalled.pausedUntil = tick + 1 + rnd.nextInt(2 * params.electionTick());
                log("pause " + stalled.id + " until tick " + stalled.pausedUntil);
            }
        }
        if (net.partitioned() && rnd.nextDouble() < 0.05) {
            net.heal();
            log("heal network");
        }
    }

    private void partition() {
        net.heal();
        int kind = rnd.nextInt(3);
        if (kind == 0) {
            // Symmetric split into two sides.
            boolean[] side = new boolean[nodes.size() + 1];
            for (SimNode n : nodes) {
                side[(int) n.id] = rnd.nextBoolean();
            }
            for (SimNode a : nodes) {
                for (SimNode b : nodes) {
                    if (side[(int) a.id] != side[(int) b.id]) {
                        net.cut(a.id, b.id);
                    }
                }
            }
            log("partition " + Arrays.toString(side));
        } else if (kind == 1) {
            // Asymmetric: some directed links fail.
            int links = 1 + rnd.nextInt(4);
            StringBuilder sb = new StringBuilder("cut links");
            for (int i = 0; i < links; i++) {
                long a = 1 + rnd.nextInt(nodes.size());
                long b = 1 + rnd.nextInt(nodes.size());
                net.cut(a, b);
                sb.append(' ').append(a).append("->").append(b);
            }
            log(sb.toString());
        } else {
            SimNode leader = leader();
            if (leader != null) {
                for (SimNode other : nodes) {
                    net.cut(leader.id, other.id);
                    net.cut(other.id, leader.id);
                }
                log("isolate leader " + leader.id);
            }
        }
    }

    /**
     * A stalled process resumes as a store's loop does: it first catches up on the ticks it missed
     * (the store ticks by elapsed monotonic time), then handles what arrived meanwhile. Catching
     * up first is what keeps a resumed leader from serving a lease read on a stale clock.
     */
    private void resumePausedNodes() {
        for (SimNode n : nodes) {
            if (n.alive() && n.missedTicks > 0 && !n.paused(tick)) {
                for (int i = 0; i < n.missedTicks; i++) {
                    n.node.tick();
                }
                n.missedTicks = 0;
                log("resume " + n.id);
            }
        }
        inv.observeRoles(nodes);
        processReadies();
    }

    private void crash(SimNode n, String why) {
        n.crash();
        stats.crashes++;
        log("crash " + n.id + " (" + why + ")");
    }

    private void restart(SimNode n) {
        n.start();
        log("restart " + n.id);
    }

    // ---------------------------------------------------------------- liveness

    private void healAndCheckLiveness() {
        faultsOn = false;
        net.heal();
        for (SimNode n : nodes) {
            if (!n.alive() && !n.stopped) {
                restart(n);
            }
        }
        stopForgottenNodes();
        log("healed: liveness phase");
        marker = ByteBuffer.allocate(12).putInt(0x4C495645).putLong(seed).array();
        long proposedTerm = -1;
        // Time for elections, plus time to replicate the backlog a new leader may need to bring a
        // majority up to its term: with one entry per message and one message in flight, that is
        // a round trip (up to 2 x maxDelay) per entry.
        long backlog = 0;
        for (SimNode n : nodes) {
            if (n.alive()) {
                backlog = Math.max(backlog, n.node.lastIndex() - inv.maxApplied());
            }
        }
        long perEntry = 1 + 2L * params.maxDelay() / MICROS_PER_TICK;
        long bound = 40L * params.electionTick() + backlog * perEntry;
        for (long i = 0; i < bound; i++) {
            SimNode leader = leader();
            if (leader != null && leader.node.term() != proposedTerm) {
                if (leader.node.propose(marker).accepted()) {
                    proposedTerm = leader.node.term();
                }
            }
            step();
            if (markerApplied) {
                return;
            }
        }
        SimNode leader = leader();
        throw new Violation("liveness: no proposal committed within " + bound + " ticks after healing (leader="
                + (leader == null ? "none" : leader.id + " term " + leader.node.term()) + ")");
    }

    /**
     * A node that no member's configuration mentions has been removed; a store would destroy it.
     * Left running, it could only disrupt elections.
     */
    private void stopForgottenNodes() {
        for (SimNode n : nodes) {
            boolean mentioned = inv.committedConf().isMember(n.id);
            for (SimNode other : nodes) {
                if (other != n && other.alive() && other.node.confState().isMember(n.id)) {
                    mentioned = true;
                }
            }
            if (!mentioned && n.alive()) {
                n.crash();
                n.stopped = true;
                log("stop removed node " + n.id);
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    SplittableRandom rnd() {
        return rnd;
    }

    List<SimNode> nodes() {
        return nodes;
    }

    Invariants invariants() {
        return inv;
    }

    SimStats stats() {
        return stats;
    }

    long seed() {
        return seed;
    }

    boolean tracing() {
        return trace;
    }

    private SimNode node(long id) {
        return nodes.get((int) id - 1);
    }

    SimNode randomAlive() {
        int start = rnd.nextInt(nodes.size());
        for (int k = 0; k < nodes.size(); k++) {
            SimNode n = nodes.get((start + k) % nodes.size());
            if (n.available(tick)) {
                return n;
            }
        }
        return null;
    }

    /** The alive node that is leader in the highest term, or null. */
    SimNode leader() {
        SimNode best = null;
        for (SimNode n : nodes) {
            if (n.available(tick) && n.node.role() == Role.LEADER && (best == null || n.node.term() > best.node.term())) {
                best = n;
            }
        }
        return best;
    }

    void log(String line) {
        if (!trace) {
            return;
        }
        if (traceLog.size() == TRACE_LINES) {
            traceLog.pollFirst();
        }
        traceLog.addLast("[t" + tick + "." + (now % MICROS_PER_TICK) + "] " + line);
    }
}
