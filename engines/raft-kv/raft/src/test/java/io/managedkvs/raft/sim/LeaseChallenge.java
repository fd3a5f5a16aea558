package io.managedkvs.raft.sim;

import io.managedkvs.raft.Role;
import io.managedkvs.raft.membership.ConfState;
import io.managedkvs.raft.quorum.Majority;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A directed attack on the leader's lease (thesis §6.4.1). Clients stop writing and the network
 * heals; once a voter's log has caught up with the leader's, it is cut off from the leader both
 * ways, so that its election timeout runs out while the other followers keep the leader's lease.
 * When it campaigns, the leader's messages stop reaching as many other followers as it needs to
 * win, and half of the time these followers also crash and restart. Followers that heard from the
 * leader within an election timeout, and nodes that restarted within one, must ignore the
 * candidate until the lease they may have backed has run out. If one does not, the candidate wins
 * and commits an entry of its term while the leader, which hears nothing of it, still serves reads
 * from its lease; reads sent to the leader for an election timeout after the campaign show it.
 *
 * <p>The candidate is not made to campaign at once: a node that just acknowledged the leader's
 * heartbeat backs its lease and must not vote, for itself either. Writes stop because a candidate
 * cut off from a leader that keeps committing falls behind and cannot win anyway.
 *
 * <p>The challenge probes the whole lease, not one election timeout: once it has campaigned, the
 * candidate campaigns again every other tick or so, so it wins as soon as the followers' backing
 * runs out, and reads go to the leader until it steps down or two election timeouts have passed
 * (longer than any lease it could think it holds). A third of the challenges are transfers instead:
 * the leader hands leadership to the caught-up voter and hears nothing more from anyone; having
 * told the transferee to campaign at once, it must have given up its lease. In a group started as
 * a split created it, the candidate is the split leader's member half of the time: the others may
 * vote for it early only until they have heard from a leader.
 */
final class LeaseChallenge {

    private enum Phase { IDLE, CATCHING_UP, CUT_OFF, WATCHING }

    private final Simulation sim;
    private final SplittableRandom rnd;
    private final SimNetwork net;
    private final SimParams params;
    private Phase phase = Phase.IDLE;
    private SimNode leader;
    private SimNode candidate;
    private boolean restarts;
    private boolean transfer;
    /** The tick the current phase ends at, whatever happened. */
    private long until;

    LeaseChallenge(Simulation sim, SimNetwork net, SimParams params) {
        this.sim = sim;
        this.rnd = sim.rnd();
        this.net = net;
        this.params = params;
    }

    /** Whether a challenge is under way: clients do not write and no other fault is injected. */
    boolean active() {
        return phase != Phase.IDLE;
    }

    void start(long tick) {
        SimNode l = sim.leader();
        if (phase != Phase.IDLE || l == null) {
            return;
        }
        List<SimNode> followers = votingFollowers(l, tick);
        if (followers.isEmpty()) {
            return;
        }
        leader = l;
        candidate = followers.get(rnd.nextInt(followers.size()));
        SimNode splitLeader = sim.nodes().get(0);
        if (params.splitStart() && followers.contains(splitLeader) && rnd.nextBoolean()) {
            // In a group a split created, the split leader's member is the one others may vote for
            // early: challenge the end of that waiver as often as the rest.
            candidate = splitLeader;
        }
        restarts = rnd.nextBoolean();
        transfer = rnd.nextInt(3) == 0;
        net.heal();
        enter(Phase.CATCHING_UP, tick + 2L * params.electionTick());
        sim.log("lease challenge: " + candidate.id + " against leader " + leader.id
                + (transfer ? ", by transfer" : restarts ? ", with restarts" : ""));
    }

    /** After every tick. */
    void afterTick(long tick) {
        if (phase == Phase.IDLE) {
            return;
        }
        if (tick >= until || !leader.available(tick) || leader.node.role() != Role.LEADER || !candidate.alive()) {
            phase = Phase.IDLE;
            return;
        }
        switch (phase) {
            case CATCHING_UP -> {
                if (candidate.node.lastIndex() == leader.node.lastIndex() && transfer) {
                    transferred(tick);
                } else if (candidate.node.lastIndex() == leader.node.lastIndex()) {
                    net.cut(leader.id, candidate.id);
                    net.cut(candidate.id, leader.id);
                    enter(Phase.CUT_OFF, tick + 3L * params.electionTick());
                    sim.log("lease challenge: " + candidate.id + " is cut off from " + leader.id);
                }
            }
            case CUT_OFF -> {
                Role role = candidate.node.role();
                if (role == Role.PRE_CANDIDATE || role == Role.CANDIDATE) {
                    campaigned(tick);
                }
            }
            default -> {
                // Watching: reads go to the leader until the phase ends, and the candidate keeps
                // campaigning, so it wins the moment enough followers stop backing the lease.
                if (!transfer && candidate.available(tick) && candidate.node.role() != Role.LEADER && rnd.nextBoolean()) {
                    candidate.node.campaign();
                    sim.processReadies();
                }
            }
        }
    }

    /** The leader hands over to the candidate, then hears nothing from anyone. */
    private void transferred(long tick) {
        for (SimNode n : sim.nodes()) {
            if (n != leader) {
                net.cut(n.id, leader.id);
            }
        }
        leader.node.transferLeadership(candidate.id);
        sim.processReadies();
        sim.stats().transfers++;
        sim.log("lease challenge: " + leader.id + " transfers to " + candidate.id + " and hears nothing more");
        enter(Phase.WATCHING, tick + 2L * params.electionTick() + 2);
    }

    /**
     * The candidate campaigns: the leader's messages to as many other followers as the candidate
     * needs to win stop reaching them, and with restarts these followers crash and restart. They
     * have backed the leader's lease until now, and must not vote before it has run out.
     */
    private void campaigned(long tick) {
        StringBuilder sb = new StringBuilder("lease challenge: " + candidate.id + " campaigns");
        List<SimNode> others = votingFollowers(leader, tick);
        others.remove(candidate);
        int needed = Majority.quorum(leader.node.confState().voters().size()) - 1;
        for (int i = 0; i < needed && !others.isEmpty(); i++) {
            SimNode f = others.remove(rnd.nextInt(others.size()));
            net.cut(leader.id, f.id);
            sb.append(", ").append(leader.id).append("->").append(f.id).append(" cut");
            if (restarts) {
                f.crash();
                sim.stats().crashes++;
                f.start();
                sb.append(", ").append(f.id).append(" restarts");
            }
        }
        sim.log(sb.toString());
        enter(Phase.WATCHING, tick + 2L * params.electionTick() + 2);
    }

    /** The challenged leader while reads should go to it, or null. */
    SimNode watchedLeader(long tick) {
        return phase == Phase.WATCHING && leader.available(tick) && leader.node.role() == Role.LEADER ? leader : null;
    }

    private void enter(Phase next, long end) {
        phase = next;
        until = end;
    }

    private List<SimNode> votingFollowers(SimNode l, long tick) {
        ConfState cs = l.node.confState();
        List<SimNode> followers = new ArrayList<>();
        for (SimNode n : sim.nodes()) {
            if (n != l && n.available(tick) && cs.isVoter(n.id)) {
                followers.add(n);
            }
        }
        return followers;
    }
}
