package io.managedkvs.raftkv.pd.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Schedulers on snapshots where a region's leader reports a replica as catching up (pending). */
class PendingPeersSchedulingTest {

    private static List<Step> move(long from, long to) {
        return List.of(new Step.AddLearner(to, 0), new Step.PromoteLearner(to), new Step.RemovePeer(from));
    }

    private static MockCluster threeLeadersOnStoreOne() {
        return new MockCluster().store(1, "a").store(2, "b").store(3, "c")
                .region(10, 1, 2, 3).region(11, 1, 2, 3).region(12, 1, 2, 3);
    }

    @Test
    void balanceLeaderNeverPicksAPendingVoterAndPicksAnotherInstead() {
        // Unconstrained, region 10's leader would go to store 2 (fewest leaders, lowest id).
        assertThat(new BalanceLeaderScheduler().schedule(threeLeadersOnStoreOne().build()))
                .filteredOn(op -> op.regionId() == 10L).singleElement()
                .satisfies(op -> assertThat(op.steps()).containsExactly(new Step.TransferLeader(2)));
        List<Operator> ops = new BalanceLeaderScheduler().schedule(threeLeadersOnStoreOne().pending(10, 2).build());
        assertThat(ops).filteredOn(op -> op.regionId() == 10L).singleElement()
                .satisfies(op -> assertThat(op.steps()).containsExactly(new Step.TransferLeader(3)));
        assertThat(ops).extracting(op -> op.steps().get(0)).containsExactlyInAnyOrder(new Step.TransferLeader(3), new Step.TransferLeader(2));
    }

    @Test
    void balanceLeaderMovesNothingWhenEveryOtherVoterIsPending() {
        ClusterSnapshot c = new MockCluster().store(1, "a").store(2, "b")
                .region(10, 1, 2).region(11, 1, 2).pending(10, 2).pending(11, 2).build();
        assertThat(new BalanceLeaderScheduler().schedule(c)).isEmpty();
    }

    @Test
    void leaderEvictionSkipsPendingVotersAndWaitsWhenOnlyPendingOnesRemain() {
        ClusterSnapshot c = new MockCluster().evictedStore(1, "a").store(2, "b").store(3, "c")
                .region(10, 1, 2, 3).region(11, 1, 2, 3).pending(10, 3).pending(11, 2).pending(11, 3).build();
        assertThat(new LeaderEvictionScheduler().schedule(c)).singleElement().satisfies(op -> {
            assertThat(op.regionId()).isEqualTo(10L);
            assertThat(op.steps()).containsExactly(new Step.TransferLeader(2));
        });
    }

    private static MockCluster newEmptyStore() {
        return new MockCluster().store(1, "a").store(2, "b").store(3, "c").store(4, "c")
                .region(10, 1, 2, 3).region(11, 1, 2, 3).region(12, 1, 2, 3);
    }

    @Test
    void balanceRegionDoesNotRemoveAVoterWhileAnotherReplicaIsPendingAndDoesOnceItCaughtUp() {
        ClusterSnapshot allPending = newEmptyStore().pending(10, 2).pending(11, 1).pending(12, 2).build();
        assertThat(new BalanceRegionScheduler().schedule(allPending)).isEmpty();

        ClusterSnapshot oneClear = newEmptyStore().pending(10, 2).pending(11, 1).build();
        assertThat(new BalanceRegionScheduler().schedule(oneClear)).singleElement().satisfies(op -> {
            assertThat(op.regionId()).isEqualTo(12L);
            assertThat(op.steps()).isEqualTo(move(3, 4));
        });

        ClusterSnapshot caughtUp = newEmptyStore().build();
        assertThat(new BalanceRegionScheduler().schedule(caughtUp)).singleElement().satisfies(op -> {
            assertThat(op.regionId()).isEqualTo(10L);
            assertThat(op.steps()).isEqualTo(move(3, 4));
        });
    }

    @Test
    void balanceRegionMayMoveTheReplicaThatIsItselfPending() {
        // Only the replica leaving is behind: the others stay up to date, so the quorum loses nothing.
        ClusterSnapshot c = newEmptyStore().pending(10, 3).pending(11, 3).pending(12, 3).build();
        assertThat(new BalanceRegionScheduler().schedule(c)).isNotEmpty().allSatisfy(op -> assertThat(op.steps()).isEqualTo(move(3, 4)));
    }

    @Test
    void drainWaitsForAPendingReplicaOfTheRegionThenMoves() {
        MockCluster base = new MockCluster().store(1, "a").store(2, "b").offlineStore(3, "c").store(4, "c")
                .region(10, 1, 2, 3).region(11, 3, 1, 2);
        List<Operator> ops = new DrainScheduler().schedule(base.pending(10, 2).build());
        assertThat(ops).singleElement().satisfies(op -> {
            assertThat(op.regionId()).isEqualTo(11L);
            assertThat(op.steps()).isEqualTo(move(3, 4));
        });
        ClusterSnapshot caughtUp = new MockCluster().store(1, "a").store(2, "b").offlineStore(3, "c").store(4, "c")
                .region(10, 1, 2, 3).region(11, 3, 1, 2).build();
        assertThat(new DrainScheduler().schedule(caughtUp)).extracting(Operator::regionId).containsExactly(10L, 11L);
    }

    @Test
    void repairOfADownStoresReplicaProceedsWhileAnotherReplicaIsPending() {
        ClusterSnapshot c = new MockCluster().store(1, "a").store(2, "b").downStore(3, "c").store(5, "c")
                .region(10, 1, 2, 3).pending(10, 2).build();
        assertThat(new ReplicaRepairScheduler().schedule(c)).singleElement()
                .satisfies(op -> assertThat(op.steps()).isEqualTo(move(3, 5)));
    }

    @Test
    void aSurplusVoterWaitsWhileAnotherReplicaIsPending() {
        MockCluster base = new MockCluster().store(1, "a").store(2, "b").store(3, "c").store(4, "d")
                .region(10, 1, 2, 3, 4).region(11, 3, 1, 2);
        assertThat(new ReplicaRepairScheduler().schedule(base.pending(10, 4).build())).isEmpty();
        ClusterSnapshot caughtUp = new MockCluster().store(1, "a").store(2, "b").store(3, "c").store(4, "d")
                .region(10, 1, 2, 3, 4).region(11, 3, 1, 2).build();
        assertThat(new ReplicaRepairScheduler().schedule(caughtUp)).singleElement()
                .satisfies(op -> assertThat(op.steps()).containsExactly(new Step.RemovePeer(2)));
    }
}
