package io.managedkvs.raft.sim;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The faults injected while the simulation runs: crashes (half of them of the leader) and
 * restarts, symmetric and asymmetric partitions, leader isolation, stalled processes, and, with
 * lease reads, challenges of the leader's lease ({@link LeaseChallenge}).
 */
final class SimFaults {

    private final Simulation sim;
    private final SplittableRandom rnd;
    private final SimNetwork net;
    private final SimParams params;
    private final LeaseChallenge lease;
    private final MembershipChallenge membership;

    SimFaults(Simulation sim, SimNetwork net, SimParams params) {
        this.sim = sim;
        this.rnd = sim.rnd();
        this.net = net;
        this.params = params;
        this.lease = new LeaseChallenge(sim, net, params);
        this.membership = new MembershipChallenge(sim, net, params);
    }

    LeaseChallenge lease() {
        return lease;
    }

    MembershipChallenge membership() {
        return membership;
    }

    /** Once per tick while faults are on. */
    void inject(long tick) {
        for (SimNode n : sim.nodes()) {
            if (!n.alive() && !n.stopped && rnd.nextDouble() < 0.1) {
                sim.restart(n);
            }
        }
        if (lease.active() || membership.active()) {
            // A challenge is under way: other faults would end it before it shows anything.
            return;
        }
        double f = params.faultRate();
        if (rnd.nextDouble() < f) {
            // Half of the crashes hit the leader: deposed leaders with uncommitted entries are what
            // the subtle cases (Figure 8 of the Raft paper) are made of.
            SimNode victim = rnd.nextBoolean() ? sim.leader() : sim.randomAlive();
            if (victim != null) {
                sim.crash(victim, "crash");
            }
        }
        if (rnd.nextDouble() < f) {
            partition();
        }
        if (rnd.nextDouble() < f / 2) {
            SimNode stalled = sim.randomAlive();
            if (stalled != null) {
                stalled.pausedUntil = tick + 1 + rnd.nextInt(2 * params.electionTick());
                sim.log("pause " + stalled.id + " until tick " + stalled.pausedUntil);
            }
        }
        if (rnd.nextDouble() < params.leaseChallengeRate()) {
            lease.start(tick);
        } else if (rnd.nextDouble() < params.membershipChallengeRate()) {
            membership.start(tick);
        }
        if (net.partitioned() && rnd.nextDouble() < 0.05) {
            net.heal();
            sim.log("heal network");
        }
    }

    private void partition() {
        net.heal();
        List<SimNode> nodes = sim.nodes();
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
            sim.log("partition " + Arrays.toString(side));
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
            sim.log(sb.toString());
        } else {
            SimNode leader = sim.leader();
            if (leader != null) {
                for (SimNode other : nodes) {
                    net.cut(leader.id, other.id);
                    net.cut(other.id, leader.id);
                }
                sim.log("isolate leader " + leader.id);
            }
        }
    }
}
