package io.managedkvs.raftkv.pd.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Each scheduler on a mock cluster snapshot. */
class SchedulersTest {

    private static List<Step> move(long from, long to) {
        return List.of(new Step.AddLearner(to, 0), new Step.PromoteLearner(to), new Step.RemovePeer(from));
    }

    @Test
    void repairReplacesTheReplicaOnADownStorePreferringAnUnusedZone() {
        ClusterSnapshot c = new MockCluster().store(1, "a").store(2, "b").downStore(3, "c").store(4, "a").store(5, "c")
                .region(10, 1, 2, 3).build();
        List<Operator> ops = new ReplicaRepairScheduler().schedule(c);
        assertThat(ops).singleElement().satisfies(op -> assertThat(op.steps()).isEqualTo(move(3, 5)));
    }

    @Test
    void repairServesTheRegionClosestToLosingItsMajorityFirst() {
        ClusterSnapshot c = new MockCluster().store(1, "a").downStore(2, "b").downStore(3, "c").store(4, "d").store(5, "e")
                .region(10, 1, 2, 4).region(11, 1, 2, 3).build();
        assertThat(new ReplicaRepairScheduler().schedule(c)).extracting(Operator::regionId).startsWith(11L);
    }

    @Test
    void repairAddsAVoterToARegionShortOfTheReplicationFactorAndDoesNothingWithoutATarget() {
        ClusterSnapshot short2 = new MockCluster().store(1, "a").store(2, "b").store(3, "c").region(10, 1, 2).build();
        assertThat(new ReplicaRepairScheduler().schedule(short2)).singleElement()
                .satisfies(op -> assertThat(op.steps()).containsExactly(new Step.AddLearner(3, 0), new Step.PromoteLearner(3)));
        ClusterSnapshot nowhere = new MockCluster().store(1, "a").store(2, "b").downStore(3, "c").region(10, 1, 2, 3).build();
        assertThat(new ReplicaRepairScheduler().schedule(nowhere)).isEmpty();
        ClusterSnapshot healthy = new MockCluster().store(1, "a").store(2, "b").store(3, "c").region(10, 1, 2, 3).build();
        assertThat(new ReplicaRepairScheduler().schedule(healthy)).isEmpty();
    }

    @Test
    void repairRemovesAVoterBeyondTheReplicationFactorFromTheFullestStore() {
        ClusterSnapshot c = new MockCluster().store(1, "a").store(2, "b").store(3, "c").store(4, "d")
                .region(10, 1, 2, 3, 4).region(11, 3, 1, 2).build();
        assertThat(new ReplicaRepairScheduler().schedule(c)).singleElement()
                .satisfies(op -> assertThat(op.steps()).containsExactly(new Step.RemovePeer(2)));
    }

    @Test
    void repairLeavesBusyRegionsAlone() {
        ClusterSnapshot c = new MockCluster().store(1, "a").store(2, "b").downStore(3, "c").store(4, "d")
                .region(10, 1, 2, 3).busy(10).build();
        assertThat(new ReplicaRepairScheduler().schedule(c)).isEmpty();
    }

    @Test
    void drainMovesEveryReplicaOffAnOfflineStore() {
        ClusterSnapshot c = new MockCluster().store(1, "a").store(2, "b").offlineStore(3, "c").store(4, "c")
                .region(10, 1, 2, 3).region(11, 3, 1, 2).region(12, 1, 2, 4).build();
        List<Operator> ops = new DrainScheduler().schedule(c);
        assertThat(ops).extracting(Operator::regionId).containsExactly(10L, 11L);
        assertThat(ops).allSatisfy(op -> assertThat(op.steps()).isEqualTo(move(3, 4)));
    }

    @Test
    void evictionMovesLeadersToTheVoterWithFewestLeaders() {
        ClusterSnapshot c = new MockCluster().evictedStore(1, "a").store(2, "b").store(3, "c")
                .region(10, 1, 2, 3).region(11, 2, 1, 3).region(12, 1, 2, 3).build();
        List<Operator> ops = new LeaderEvictionScheduler().schedule(c);
        assertThat(ops).extracting(Operator::regionId).containsExactly(10L, 12L);
        assertThat(ops).extracting(op -> op.steps().get(0)).containsExactly(new Step.TransferLeader(3), new Step.TransferLeader(2));
    }

    @Test
    void leadersSpreadUntilNoStoreLeadsTwoMoreThanAnother() {
        ClusterSnapshot c = new MockCluster().store(1, "a").store(2, "b").store(3, "c")
                .region(10, 1, 2, 3).region(11, 1, 2, 3).region(12, 1, 2, 3).build();
        List<Operator> ops = new BalanceLeaderScheduler().schedule(c);
        assertThat(ops).hasSize(2);
        assertThat(ops).extracting(op -> op.steps().get(0)).containsExactlyInAnyOrder(new Step.TransferLeader(2), new Step.TransferLeader(3));
        ClusterSnapshot even = new MockCluster().store(1, "a").store(2, "b").region(10, 1, 2).region(11, 2, 1).build();
        assertThat(new BalanceLeaderScheduler().schedule(even)).isEmpty();
    }

    @Test
    void aNewStoreReceivesReplicasWithoutTwoInOneZone() {
        ClusterSnapshot c = new MockCluster().store(1, "a").store(2, "b").store(3, "c").store(4, "c")
                .region(10, 1, 2, 3).region(11, 1, 2, 3).region(12, 1, 2, 3).build();
        List<Operator> ops = new BalanceRegionScheduler().schedule(c);
        // Only store 3 shares store 4's zone, so only its replicas may move there.
        assertThat(ops).isNotEmpty().allSatisfy(op -> assertThat(op.steps()).isEqualTo(move(3, 4)));
        ClusterSnapshot even = new MockCluster().store(1, "a").store(2, "b").store(3, "c").store(4, "d")
                .region(10, 1, 2, 3).region(11, 4, 1, 2).region(12, 3, 4, 1).build();
        assertThat(new BalanceRegionScheduler().schedule(even)).isEmpty();
    }
}
