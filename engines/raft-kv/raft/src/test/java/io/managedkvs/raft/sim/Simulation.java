package io.managedkvs.raft.sim;

import io.managedkvs.raft.RaftConfig;
import io.managedkvs.raft.ReadOnlyOption;
import io.managedkvs.raft.Role;
import io.managedkvs.raft.TestingBridge;
import io.managedkvs.raft.harness.Describe;
import io.managedkvs.raft.membership.ConfState;
import io.managedkvs.raft.message.Message;
import io.managedkvs.raft.message.MessageType;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One deterministic run: a cluster of simulated nodes over a faulty network, driven by random
 * client requests and faults for a number of ticks, then healed and checked for liveness. Every
 * random choice comes from the seed, so a seed replays exactly. This class drives time and the
 * network; {@link SimStore} handles Readys, {@link SimFaults} injects faults, {@link SimClients}
 * makes requests and {@link Invariants} checks.
 */
final class Simulation {

    static final int MICROS_PER_TICK = 10;
    private static final int TRACE_LINES = 600;
    /** Chance per micro-tick of a read at a leader whose lease was just challenged. */
    private static final double WATCHED_READ_RATE = 0.2;

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
    private final SimStore store;
    private SimFaults faults;

    Simulation(long seed, int steps, TestingBridge.Bug bug, boolean trace) {
        this.seed = seed;
        this.steps = steps;
        this.bug = bug;
        this.trace = trace;
        this.rnd = new SplittableRandom(seed);
        this.clients = new SimClients(this);
        this.store = new SimStore(this);
    }

    /** The outcome: the violation found (null if none) and its category, counts, and the trace when tracing. */
    record Result(long seed, String violation, String category, SimStats stats, String params, List<String> trace) {
    }

    Result run() {
        String violation = null;
        String category = null;
        try {
            setUp();
            for (int i = 0; i < steps; i++) {
                step();
            }
            healAndCheckLiveness();
        } catch (Violation v) {
            violation = v.getMessage();
            category = v.category();
        } catch (RuntimeException e) {
            StackTraceElement[] st = e.getStackTrace();
            violation = Violation.HARNESS + ": core threw " + e + (st.length > 0 ? " at " + st[0] : "");
            category = Violation.HARNESS;
        }
        if (violation != null) {
            violation = "tick " + tick + ": " + violation;
        }
        return new Result(seed, violation, category, stats, params == null ? "" : params.toString(), List.copyOf(traceLog));
    }

    private void setUp() {
        // A third of the seeds start as a group a split has just created, whose parent's leader was
        // on node 1's store; drawn from the seed, not the random stream, which other seeds replay.
        params = SimParams.draw(rnd).withSplitStart(Math.floorMod(seed, 3) == 0);
        faults = new SimFaults(this, net, params);
        long[] voterIds = new long[params.voters()];
        for (int i = 0; i < voterIds.length; i++) {
            voterIds[i] = i + 1;
        }
        ConfState initial = ConfState.ofVoters(voterIds);
        inv = new Invariants(initial, nodes, stats);
        for (long id = 1; id <= params.voters() + params.spares(); id++) {
            RaftConfig cfg = RaftConfig.defaults(id)
                    .withTicks(params.electionTick(), params.heartbeatTick())
                    .withElectionSafety(params.checkQuorum(), params.preVote())
                    .withLimits(params.maxSizePerMsg(), 64 << 10, params.maxUncommittedBytes(), params.maxInflight(), params.maxInflightBytes())
                    .withReadOnly(params.leaseReads() ? ReadOnlyOption.LEASE_BASED : ReadOnlyOption.SAFE)
                    .withRandomSeed(seed);
            boolean founding = id <= params.voters();
            SimNode n = new SimNode(id, cfg, founding ? initial : ConfState.EMPTY, bug, founding && params.splitStart() ? 1 : 0);
            if (params.drift()) {
                n.tickPeriod = MICROS_PER_TICK * (1 + SimParams.MAX_DRIFT * (2 * rnd.nextDouble() - 1));
                n.nextTickAt = n.tickPeriod;
            }
            nodes.add(n);
        }
        if (params.splitStart()) {
            // As the store does on the parent leader's store right after applying the split.
            nodes.get(0).node.campaign();
        }
        stats.seedsPreVoteOff = params.preVote() ? 0 : 1;
        stats.seedsSplitStart = params.splitStart() ? 1 : 0;
        stats.seedsWithDrift = params.drift() ? 1 : 0;
        log("params " + params);
    }

    // ---------------------------------------------------------------- one tick

    private void step() {
        resumePausedNodes();
        if (faultsOn) {
            faults.inject(tick);
        }
        clients.act(faultsOn);
        // Every input is followed by its Ready, as in a store's loop, before anything else reaches
        // the node: the checker attributes a commit to the leader whose Ready shows it.
        inv.observeRoles();
        processReadies();
        for (int u = 0; u < MICROS_PER_TICK; u++) {
            now++;
            SimNode watched = faults.lease().watchedLeader(tick);
            if (watched != null && rnd.nextDouble() < WATCHED_READ_RATE) {
                clients.readAt(watched);
                processReadies();
            }
            deliverDue();
            processReadies();
            if (params.drift() && u < MICROS_PER_TICK - 1 && tickDueNodes()) {
                inv.observeRoles();
                processReadies();
            }
        }
        tick++;
        tickDueNodes();
        inv.observeRoles();
        processReadies();
        if (faultsOn) {
            faults.lease().afterTick(tick);
            faults.membership().afterTick(tick);
            processReadies();
        }
    }

    /** Ticks every node whose clock says a tick is due by now; returns whether any did. */
    private boolean tickDueNodes() {
        boolean any = false;
        for (SimNode n : nodes) {
            while (n.nextTickAt <= now) {
                n.nextTickAt += n.tickPeriod;
                if (n.paused(tick)) {
                    n.missedTicks++;
                } else if (n.alive()) {
                    n.node.tick();
                    any = true;
                }
            }
        }
        return any;
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
            if (!to.alive() || !net.delivers(m)) {
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
            inv.observeRoles();
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

    /** Handles the Readys of every node able to, until none has one. */
    void processReadies() {
        for (int round = 0; ; round++) {
            if (round > 10_000) {
                throw new Violation(Violation.LIVENESS, "a node keeps producing Readys without input");
            }
            boolean any = false;
            int start = rnd.nextInt(nodes.size());
            for (int k = 0; k < nodes.size(); k++) {
                SimNode n = nodes.get((start + k) % nodes.size());
                if (n.available(tick) && n.node.hasReady()) {
                    store.handleReady(n);
                    any = true;
                }
            }
            if (!any) {
                return;
            }
        }
    }

    void send(Message m) {
        if (!net.delivers(m) || (faultsOn && rnd.nextDouble() < params.lossRate())) {
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
        inv.observeRoles();
        processReadies();
    }

    void crash(SimNode n, String why) {
        n.crash();
        stats.crashes++;
        log("crash " + n.id + " (" + why + ")");
    }

    void restart(SimNode n) {
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
        byte[] marker = ByteBuffer.allocate(12).putInt(0x4C495645).putLong(seed).array();
        store.watchFor(marker);
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
            if (store.markerApplied()) {
                return;
            }
        }
        SimNode leader = leader();
        throw new Violation(Violation.LIVENESS, "no proposal committed within " + bound + " ticks after healing (leader="
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

    SimParams params() {
        return params;
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

    boolean faultsOn() {
        return faultsOn;
    }

    /** Whether clients hold their writes: a lease challenge needs a leader that commits nothing new. */
    boolean writesPaused() {
        return faultsOn && (faults.lease().active() || faults.membership().active());
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
