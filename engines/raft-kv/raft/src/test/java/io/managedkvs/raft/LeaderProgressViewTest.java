package io.managedkvs.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedkvs.raft.harness.Cluster;
import io.managedkvs.raft.membership.ConfState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link RaftNode#minMatchIndex()}: what every member holds, as the leader knows it, for log GC. */
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
}
