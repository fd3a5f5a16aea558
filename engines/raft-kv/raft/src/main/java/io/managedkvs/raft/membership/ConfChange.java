package io.managedkvs.raft.membership;

import java.util.List;
import java.util.Objects;

/**
 * A membership change: a list of single changes applied together. An empty list leaves a joint
 * configuration.
 *
 * <p>With {@link Transition#AUTO}, a change that alters at most one voter is applied directly (the
 * one-at-a-time scheme); anything larger goes through joint consensus, which the leader leaves by
 * itself. {@link Transition#JOINT_IMPLICIT} always uses joint consensus and leaves automatically;
 * {@link Transition#JOINT_EXPLICIT} stays joint until the application proposes an empty change.
 */
public record ConfChange(Transition transition, List<ConfChangeSingle> changes) {

    public enum Transition {
        AUTO,
        JOINT_IMPLICIT,
        JOINT_EXPLICIT
    }

    public ConfChange {
        Objects.requireNonNull(transition, "transition");
        changes = List.copyOf(Objects.requireNonNull(changes, "changes"));
    }

    public static ConfChange of(ConfChangeSingle... changes) {
        return new ConfChange(Transition.AUTO, List.of(changes));
    }

    public static ConfChange addVoter(long id) {
        return of(new ConfChangeSingle(ConfChangeType.ADD_VOTER, id));
    }

    public static ConfChange addLearner(long id) {
        return of(new ConfChangeSingle(ConfChangeType.ADD_LEARNER, id));
    }

    public static ConfChange remove(long id) {
        return of(new ConfChangeSingle(ConfChangeType.REMOVE_NODE, id));
    }

    /** The change that leaves a joint configuration. */
    public static ConfChange leaveJoint() {
        return new ConfChange(Transition.AUTO, List.of());
    }

    public boolean isLeaveJoint() {
        return changes.isEmpty();
    }

    @Override
    public String toString() {
        if (changes.isEmpty()) {
            return "leave-joint";
        }
        StringBuilder sb = new StringBuilder();
        for (ConfChangeSingle c : changes) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(c);
        }
        if (transition != Transition.AUTO) {
            sb.append(' ').append(transition.name().toLowerCase());
        }
        return sb.toString();
    }
}
