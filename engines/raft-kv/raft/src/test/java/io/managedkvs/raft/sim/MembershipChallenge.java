package io.managedkvs.raft.sim;

import io.managedkvs.raft.ProposalResult;
import io.managedkvs.raft.Role;
import io.managedkvs.raft.membership.ConfChange;
import io.managedkvs.raft.membership.ConfChangeSingle;
import io.managedkvs.raft.membership.ConfChangeType;
import io.managedkvs.raft.membership.ConfState;
import io.managedkvs.raft.quorum.Majority;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A directed attack on single-server membership changes: the sequence behind the bug Ongaro
 * reported in them (raft-dev, 2015), which a new leader avoids by committing an entry of its term
 * before it changes the configuration. It needs an even number n of voters C0, and a leader L.
 * <ol>
 *   <li>L, cut off from everyone, appends C1 = C0 − X, which no one else receives.
 *   <li>The others elect a leader M (nodes of a set N, q(n−1) − 1 of them, not X, vote but never
 *       campaign, and receive no appends). At once M proposes C2 = C0 − L. A correct M refuses: it
 *       has not committed in its term, and cannot, without N or L. With the bug, C2 takes effect at
 *       M and commits with M and the nodes outside N: a quorum of C2.
 *   <li>L is reconnected to N only. In C1 it needs q(n−1) votes: its own and N's, whose logs are
 *       no newer than its own. It wins, lacking what M committed.
 * </ol>
 */
final class MembershipChallenge {

    private enum Phase { IDLE, CATCHING_UP, ELECTING, COMMITTING, REJOINING }

    private final Simulation sim;
    private final SplittableRandom rnd;
    private final SimNetwork net;
    private final SimParams params;
    private Phase phase = Phase.IDLE;
    private long until;
    private SimNode leader;
    private long oldTerm;
    private final List<SimNode> voters = new ArrayList<>();
    private final List<SimNode> outsiders = new ArrayList<>();
    private SimNode removed;

    MembershipChallenge(Simulation sim, SimNetwork net, SimParams params) {
        this.sim = sim;
        this.rnd = sim.rnd();
        this.net = net;
        this.params = params;
    }

    boolean active() {
        return phase != Phase.IDLE;
    }

    void start(long tick) {
        SimNode l = sim.leader();
        if (phase != Phase.IDLE || l == null) {
            return;
        }
        ConfState cs = l.node.confState();
        int n = cs.voters().size();
        if (cs.isJoint() || n % 2 != 0 || !cs.isVoter(l.id)) {
            return;
        }
        voters.clear();
        for (SimNode s : sim.nodes()) {
            if (s != l && cs.isVoter(s.id)) {
                if (!s.available(tick)) {
                    return;
                }
                voters.add(s);
            }
        }
        leader = l;
        List<SimNode> pool = new ArrayList<>(voters);
        removed = pool.remove(rnd.nextInt(pool.size()));
        outsiders.clear();
        for (int i = 0; i < Majority.quorum(n - 1) - 1; i++) {
            outsiders.add(pool.remove(rnd.nextInt(pool.size())));
        }
        net.heal();
        enter(Phase.CATCHING_UP, tick + 2L * params.electionTick());
        sim.log("membership challenge: leader " + leader.id + " will remove " + removed.id + ", outsiders " + ids(outsiders));
    }

    /** After every tick. */
    void afterTick(long tick) {
        if (phase == Phase.IDLE) {
            return;
        }
        if (tick >= until || !leader.alive() || !removed.alive() || outsiders.stream().anyMatch(o -> !o.alive())) {
            end(tick >= until ? "over" : "a node crashed");
            return;
        }
        switch (phase) {
            case CATCHING_UP -> catchUp(tick);
            case ELECTING -> elect(tick);
            case COMMITTING -> {
                if (tick + 4L * params.electionTick() >= until) {
                    rejoin(tick);
                }
            }
            default -> {
                // Rejoining: L campaigns among the outsiders until the phase ends.
            }
        }
    }

    private void catchUp(long tick) {
        if (!leader.available(tick) || leader.node.role() != Role.LEADER) {
            end("the leader stepped down");
            return;
        }
        long last = leader.node.lastIndex();
        if (leader.node.commitIndex() != last || voters.stream().anyMatch(v -> !v.available(tick) || v.node.lastIndex() != last)) {
            return;
        }
        for (SimNode s : sim.nodes()) {
            if (s != leader) {
                net.cut(leader.id, s.id);
                net.cut(s.id, leader.id);
            }
        }
        sim.processReadies();
        if (!propose(leader, removed.id) || !leader.alive()) {
            end("C1 refused, or L crashed");
            return;
        }
        oldTerm = leader.node.term();
        for (SimNode o : outsiders) {
            net.blockCampaigns(o.id);
            for (SimNode v : voters) {
                net.blockLeaderTraffic(v.id, o.id);
            }
        }
        sim.log("membership challenge: " + leader.id + " appended C1 without " + removed.id + " and is cut off");
        enter(Phase.ELECTING, tick + 8L * params.electionTick());
    }

    private void elect(long tick) {
        for (SimNode m : voters) {
            if (!outsiders.contains(m) && m.alive() && m.node.role() == Role.LEADER && m.node.term() > oldTerm) {
                boolean accepted = propose(m, leader.id);
                sim.log("membership challenge: new leader " + m.id + (accepted ? " accepted" : " refused") + " C2 without " + leader.id);
                enter(Phase.COMMITTING, tick + 5L * params.electionTick());
                return;
            }
        }
    }

    /** L and the outsiders see each other again; the others stay cut off from L, and still send the outsiders nothing. */
    private void rejoin(long tick) {
        net.heal();
        for (SimNode v : voters) {
            if (!outsiders.contains(v)) {
                net.cut(leader.id, v.id);
                net.cut(v.id, leader.id);
                for (SimNode o : outsiders) {
                    net.blockLeaderTraffic(v.id, o.id);
                }
            }
        }
        sim.log("membership challenge: " + leader.id + " rejoins outsiders " + ids(outsiders));
        enter(Phase.REJOINING, tick + 4L * params.electionTick());
    }

    private boolean propose(SimNode at, long remove) {
        if (!at.alive()) {
            return false;
        }
        at.confChangeProposed = true;
        try {
            ProposalResult r = at.node.proposeConfChange(ConfChange.of(new ConfChangeSingle(ConfChangeType.REMOVE_NODE, remove)));
            sim.processReadies();
            return r.accepted();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private void end(String why) {
        sim.log("membership challenge ends: " + why);
        net.heal();
        phase = Phase.IDLE;
    }

    private void enter(Phase next, long end) {
        phase = next;
        until = end;
    }

    private static String ids(List<SimNode> nodes) {
        return nodes.stream().map(n -> Long.toString(n.id)).toList().toString();
    }
}
