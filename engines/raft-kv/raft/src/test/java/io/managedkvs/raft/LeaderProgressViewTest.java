package io.managedkvs.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedkvs.raft.harness.Cluster;
import io.managedkvs.raft.membership.ConfState;
import io.managedkvs.raft.message.MessageType;
import io.managedkvs.raft.progress.ProgressState;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The leader's view of its members' logs: {@link RaftNode#minMatchIndex()} (what every member
 * holds, for log GC) and {@link RaftNode#progress()} (a read-only copy per member).
 */
class LeaderProgressViewTest {

    /** Voters 1-3 and learner 4, node 1 leading. */
    private static Cluster withLearner() {
        Cluster c = new Cluster();
        ConfState conf = ConfState.of(List.of(1L, 2L, 3L), List.of(4L));
        for (long id = 1; id <= 4; id++) {
            c.add(RaftConfig.defaults(id).withElectionSafety(false, false), conf);
        }
        c.node(1).campaign();
        c.stabilize();
        assertThat(c.node(1).role()).isEqualTo(Role.LEADER);
        return c;
    }

    private static void propose(Cluster c, int n) {
        for (int i = 0; i < n; i++) {
            assertThat(c.node(1).propose(new byte[] {(byte) i}).accepted()).isTrue();
        }
        c.stabilize();
    }

    @Test
    void theLeaderReportsTheLowestIndexEveryVoterAndLearnerHolds() {
        Cluster c = withLearner();
        propose(c, 5);
        RaftNode leader = c.node(1);
        assertThat(leader.minMatchIndex()).isEqualTo(leader.lastIndex());

        long learnerHas = c.node(4).lastIndex();
        c.isolate(4);
        propose(c, 3);
        assertThat(leader.commitIndex()).isEqualTo(leader.lastIndex());
        assertThat(leader.minMatchIndex()).isEqualTo(learnerHas).isLessThan(leader.lastIndex());

        c.heal();
        propose(c, 1);
        assertThat(leader.minMatchIndex()).isEqualTo(leader.lastIndex());
    }

    @Test
    void aFollowerReportsNothingAndANewLeaderCountsAMemberItHasNotHeardFromAsHoldingNothing() {
        Cluster c = withLearner();
        propose(c, 2);
        assertThat(c.node(2).minMatchIndex()).isZero();

        c.isolate(1);
        c.node(2).campaign();
        c.stabilize();
        RaftNode next = c.node(2);
        assertThat(next.role()).isEqualTo(Role.LEADER);
        assertThat(next.propose(new byte[] {9}).accepted()).isTrue();
        c.stabilize();
        assertThat(next.commitIndex()).isEqualTo(next.lastIndex());
        assertThat(next.minMatchIndex()).isZero();

        c.heal();
        // The probe to node 1 was lost while it was cut off; the next heartbeat resumes it.
        c.tick(2, 3);
        c.stabilize();
        assertThat(next.minMatchIndex()).isEqualTo(next.lastIndex());
    }

    private static Map<Long, PeerProgress> byId(RaftNode leader) {
        return leader.progress().stream().collect(Collectors.toMap(PeerProgress::id, Function.identity()));
    }

    @Test
    void theLeaderReportsEveryMemberItselfIncludedWithWhatItsLogMatches() {
        Cluster c = withLearner();
        propose(c, 5);
        RaftNode leader = c.node(1);

        Map<Long, PeerProgress> progress = byId(leader);
        assertThat(progress.keySet()).containsExactlyInAnyOrder(1L, 2L, 3L, 4L);
        assertThat(progress.values()).allSatisfy(p -> {
            assertThat(p.match()).isEqualTo(leader.lastIndex());
            assertThat(p.next()).isEqualTo(leader.lastIndex() + 1);
            assertThat(p.state()).isEqualTo(ProgressState.REPLICATE);
            assertThat(p.receivingSnapshot()).isFalse();
        });
        assertThat(progress.get(4L).learner()).isTrue();
        assertThat(progress.get(2L).learner()).isFalse();
    }

    @Test
    void aCutOffFollowerShowsTheLowerMatchItLastHadAndCatchesUpOnceHealed() {
        Cluster c = withLearner();
        propose(c, 2);
        long had = c.node(3).lastIndex();
        c.isolate(3);
        propose(c, 4);
        RaftNode leader = c.node(1);

        assertThat(byId(leader).get(3L).match()).isEqualTo(had).isLessThan(leader.lastIndex());
        assertThat(byId(leader).get(2L).match()).isEqualTo(leader.lastIndex());

        c.heal();
        propose(c, 1);
        assertThat(byId(leader).get(3L).match()).isEqualTo(leader.lastIndex());
    }

    @Test
    void aMemberBehindTheCompactedLogIsShownReceivingTheSnapshotUntilTheTransportReportsIt() {
        Cluster c = withLearner();
        c.isolate(4);
        propose(c, 6);
        RaftNode leader = c.node(1);
        long compacted = leader.appliedIndex();
        c.compact(1, compacted);
        c.heal();
        // A heartbeat's answer resumes the probe, which finds the entries gone: a snapshot goes out,
        // and is lost (the transport has not reported on it yet).
        c.tick(1, RaftConfig.defaults(1).heartbeatTick());
        assertThat(exchangeUntilSnapshotSent(c, 1, 4)).isTrue();
        c.dropInbox(4);
        c.stabilize();

        PeerProgress learner = byId(leader).get(4L);
        assertThat(learner.receivingSnapshot()).isTrue();
        assertThat(learner.pendingSnapshot()).isEqualTo(compacted);
        assertThat(byId(leader).get(2L).pendingSnapshot()).isZero();

        c.heal();
        leader.reportSnapshot(4, false);
        c.tick(1, RaftConfig.defaults(1).heartbeatTick());
        c.stabilize();
        propose(c, 1);
        assertThat(byId(leader).get(4L).receivingSnapshot()).isFalse();
        assertThat(byId(leader).get(4L).match()).isEqualTo(leader.lastIndex());
    }

    /** Lets {@code leader} and {@code to} exchange messages until the leader sends {@code to} a snapshot. */
    private static boolean exchangeUntilSnapshotSent(Cluster c, long leader, long to) {
        for (int round = 0; round < 10; round++) {
            if (c.node(leader).hasReady()
                    && c.processReady(leader).messages().stream().anyMatch(m -> m.to() == to && m.type() == MessageType.SNAPSHOT)) {
                return true;
            }
            c.deliver(to);
            if (c.node(to).hasReady()) {
                c.processReady(to);
            }
            c.deliver(leader);
        }
        return false;
    }

    @Test
    void aNodeThatDoesNotLeadReportsNothingAndANewLeaderStartsOthersAtZero() {
        Cluster c = withLearner();
        propose(c, 2);
        assertThat(c.node(2).progress()).isEmpty();
        assertThat(c.node(4).progress()).isEmpty();

        c.isolate(1);
        c.node(2).campaign();
        // Elected, but no append answered yet: it knows nothing of the others' logs.
        for (int i = 0; i < 4 && c.node(2).role() != Role.LEADER; i++) {
            if (c.node(2).hasReady()) {
                c.processReady(2);
            }
            c.deliver(3);
            c.deliver(4);
            if (c.node(3).hasReady()) {
                c.processReady(3);
            }
            c.deliver(2);
        }
        RaftNode next = c.node(2);
        assertThat(next.role()).isEqualTo(Role.LEADER);
        assertThat(byId(next).get(1L).match()).isZero();
        assertThat(byId(next).get(1L).probing()).isTrue();
        assertThat(c.node(1).progress()).as("the old leader, cut off, still thinks it leads").isNotEmpty();
    }

    @Test
    void theViewIsACopyThatDoesNotFollowLaterProgress() {
        Cluster c = withLearner();
        propose(c, 1);
        List<PeerProgress> before = c.node(1).progress();
        long was = before.get(0).match();
        propose(c, 3);
        assertThat(before.get(0).match()).isEqualTo(was);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> before.add(before.get(0)))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
