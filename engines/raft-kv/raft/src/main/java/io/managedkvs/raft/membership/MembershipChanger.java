package io.managedkvs.raft.membership;

import java.util.TreeSet;

/**
 * Computes the configuration that follows a change. A pure function shared by the core (which
 * switches configuration when a change entry is appended to its log) and the application (which
 * records the configuration at its applied index, for snapshots and restarts).
 */
public final class MembershipChanger {

    private MembershipChanger() {
    }

    /**
     * The configuration after {@code change}.
     *
     * @throws IllegalArgumentException if the change is not allowed from {@code current}; the
     *     message names the offending field
     */
    public static ConfState apply(ConfState current, ConfChange change) {
        if (change.isLeaveJoint()) {
            if (!current.isJoint()) {
                throw new IllegalArgumentException("changes: an empty change leaves a joint configuration, but " + current + " is not joint");
            }
            TreeSet<Long> learners = new TreeSet<>(current.learners());
            learners.addAll(current.learnersNext());
            return new ConfState(current.voters(), null, learners, null, false);
        }
        if (current.isJoint()) {
            throw new IllegalArgumentException("changes: the configuration " + current + " is joint; leave it before changing it again");
        }
        TreeSet<Long> incomingOnly = new TreeSet<>(current.voters());
        for (ConfChangeSingle c : change.changes()) {
            if (c.type() == ConfChangeType.ADD_VOTER) {
                incomingOnly.add(c.nodeId());
            } else {
                incomingOnly.remove(c.nodeId());
            }
        }
        boolean joint = change.transition() != ConfChange.Transition.AUTO || voterDifference(current, incomingOnly) > 1;
        TreeSet<Long> incoming = new TreeSet<>(current.voters());
        TreeSet<Long> outgoing = joint ? new TreeSet<>(current.voters()) : new TreeSet<>();
        TreeSet<Long> learners = new TreeSet<>(current.learners());
        TreeSet<Long> learnersNext = new TreeSet<>();
        for (ConfChangeSingle c : change.changes()) {
            long id = c.nodeId();
            switch (c.type()) {
                case ADD_VOTER -> {
                    learners.remove(id);
                    learnersNext.remove(id);
                    incoming.add(id);
                }
                case ADD_LEARNER -> {
                    incoming.remove(id);
                    if (outgoing.contains(id)) {
                        learnersNext.add(id);
                    } else {
                        learners.add(id);
                    }
                }
                case REMOVE_NODE -> {
                    incoming.remove(id);
                    learners.remove(id);
                    learnersNext.remove(id);
                }
            }
        }
        if (incoming.isEmpty()) {
            throw new IllegalArgumentException("changes: " + change + " would remove every voter of " + current);
        }
        return new ConfState(incoming, outgoing, learners, learnersNext,
                joint && change.transition() != ConfChange.Transition.JOINT_EXPLICIT);
    }

    /**
     * The configuration after a change taken from the log. A change that is not allowed leaves the
     * configuration as it is; every member reaches the same verdict because it applies the same
     * function to the same log.
     */
    public static ConfState applyFromLog(ConfState current, byte[] entryData) {
        try {
            return apply(current, ConfChangeCodec.decode(entryData));
        } catch (IllegalArgumentException e) {
            return current;
        }
    }

    private static int voterDifference(ConfState current, TreeSet<Long> incoming) {
        int diff = 0;
        for (Long id : incoming) {
            if (!current.voters().contains(id)) {
                diff++;
            }
        }
        for (Long id : current.voters()) {
            if (!incoming.contains(id)) {
                diff++;
            }
        }
        return diff;
    }
}
