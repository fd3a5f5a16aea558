package io.managedkvs.raft.membership;

import java.util.Collection;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The membership of a group. Outside a joint configuration only {@code voters} and
 * {@code learners} are used. In a joint configuration, {@code votersOutgoing} is the old voter set
 * (both majorities must agree) and {@code learnersNext} holds old voters that become learners when
 * the joint configuration is left (they keep voting in the outgoing half until then).
 *
 * @param autoLeave whether the leader leaves the joint configuration by itself once it commits
 */
public record ConfState(
        SortedSet<Long> voters,
        SortedSet<Long> votersOutgoing,
        SortedSet<Long> learners,
        SortedSet<Long> learnersNext,
        boolean autoLeave) {

    public static final ConfState EMPTY = new ConfState(sorted(null), sorted(null), sorted(null), sorted(null), false);

    public ConfState {
        voters = sorted(voters);
        votersOutgoing = sorted(votersOutgoing);
        learners = sorted(learners);
        learnersNext = sorted(learnersNext);
        for (Long id : voters) {
            if (id == null || id <= 0) {
                throw new IllegalArgumentException("voters: node ids must be positive, got " + id);
            }
        }
        for (Long id : learners) {
            if (id == null || id <= 0) {
                throw new IllegalArgumentException("learners: node ids must be positive, got " + id);
            }
        }
    }

    /** A plain (non-joint) configuration. */
    public static ConfState of(Collection<Long> voters, Collection<Long> learners) {
        return new ConfState(sorted(voters), sorted(null), sorted(learners), sorted(null), false);
    }

    public static ConfState ofVoters(long... ids) {
        TreeSet<Long> v = new TreeSet<>();
        for (long id : ids) {
            v.add(id);
        }
        return of(v, null);
    }

    public boolean isJoint() {
        return !votersOutgoing.isEmpty();
    }

    /** Whether {@code id} votes in either half of the configuration. */
    public boolean isVoter(long id) {
        return voters.contains(id) || votersOutgoing.contains(id);
    }

    /** Whether {@code id} is a member at all: voter, learner, or learner-to-be. */
    public boolean isMember(long id) {
        return isVoter(id) || learners.contains(id) || learnersNext.contains(id);
    }

    /** Every member, sorted. */
    public SortedSet<Long> members() {
        TreeSet<Long> all = new TreeSet<>(voters);
        all.addAll(votersOutgoing);
        all.addAll(learners);
        all.addAll(learnersNext);
        return Collections.unmodifiableSortedSet(all);
    }

    static SortedSet<Long> sorted(Collection<Long> ids) {
        TreeSet<Long> set = ids == null ? new TreeSet<>() : new TreeSet<>(ids);
        return Collections.unmodifiableSortedSet(set);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("voters=").append(ids(voters));
        if (isJoint()) {
            sb.append('&').append(ids(votersOutgoing));
        }
        if (!learners.isEmpty()) {
            sb.append(" learners=").append(ids(learners));
        }
        if (!learnersNext.isEmpty()) {
            sb.append(" learners_next=").append(ids(learnersNext));
        }
        if (autoLeave) {
            sb.append(" autoleave");
        }
        return sb.toString();
    }

    private static String ids(SortedSet<Long> ids) {
        StringBuilder sb = new StringBuilder("(");
        for (Long id : ids) {
            if (sb.length() > 1) {
                sb.append(' ');
            }
            sb.append(id);
        }
        return sb.append(')').toString();
    }
}
