package io.managedkvs.raft.sim;

import io.managedkvs.raft.membership.ConfChange;
import io.managedkvs.raft.membership.ConfChangeSingle;
import io.managedkvs.raft.membership.ConfChangeType;
import io.managedkvs.raft.membership.ConfState;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Random membership changes that are valid from the leader's configuration. */
final class ConfChangeGenerator {

    private final SplittableRandom rnd;
    private final List<SimNode> nodes;

    ConfChangeGenerator(SplittableRandom rnd, List<SimNode> nodes) {
        this.rnd = rnd;
        this.nodes = nodes;
    }

    void proposeAt(SimNode leader) {
        if (leader == null) {
            return;
        }
        ConfChange change = next(leader.node.confState());
        if (change == null) {
            return;
        }
        try {
            leader.confChangeProposed = true;
            leader.node.proposeConfChange(change);
        } catch (IllegalArgumentException e) {
            throw new Violation(Violation.HARNESS, "generated an invalid change " + change + ": " + e.getMessage());
        }
    }

    private ConfChange next(ConfState cs) {
        if (cs.isJoint()) {
            return cs.autoLeave() ? null : ConfChange.leaveJoint();
        }
        List<Long> voters = new ArrayList<>(cs.voters());
        List<Long> learners = new ArrayList<>(cs.learners());
        List<Long> others = new ArrayList<>();
        for (SimNode n : nodes) {
            if (!cs.isMember(n.id) && !n.stopped) {
                others.add(n.id);
            }
        }
        int choice = voters.size() < 3 ? rnd.nextInt(2) : rnd.nextInt(5);
        switch (choice) {
            case 0:
                if (!others.isEmpty()) {
                    return single(ConfChangeType.ADD_LEARNER, pick(others));
                }
                // fall through: nobody to add, promote instead
            case 1:
                if (!learners.isEmpty()) {
                    return single(ConfChangeType.ADD_VOTER, pick(learners));
                }
                return null;
            case 2:
                return voters.size() > 1 ? single(ConfChangeType.REMOVE_NODE, pick(voters)) : null;
            case 3:
                return voters.size() > 1 ? single(ConfChangeType.ADD_LEARNER, pick(voters)) : null;
            default:
                List<Long> candidates = new ArrayList<>(learners);
                candidates.addAll(others);
                if (candidates.isEmpty()) {
                    return null;
                }
                long out = pick(voters);
                long in = pick(candidates);
                ConfChange.Transition t = rnd.nextBoolean() ? ConfChange.Transition.JOINT_IMPLICIT : ConfChange.Transition.JOINT_EXPLICIT;
                return new ConfChange(t, List.of(
                        new ConfChangeSingle(rnd.nextBoolean() ? ConfChangeType.REMOVE_NODE : ConfChangeType.ADD_LEARNER, out),
                        new ConfChangeSingle(ConfChangeType.ADD_VOTER, in)));
        }
    }

    private static ConfChange single(ConfChangeType type, long id) {
        return ConfChange.of(new ConfChangeSingle(type, id));
    }

    private long pick(List<Long> ids) {
        return ids.get(rnd.nextInt(ids.size()));
    }
}
