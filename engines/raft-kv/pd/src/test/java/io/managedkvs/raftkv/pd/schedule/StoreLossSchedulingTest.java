package io.managedkvs.raftkv.pd.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedkvs.raftkv.proto.meta.Peer;
import io.managedkvs.raftkv.proto.meta.PeerRole;
import io.managedkvs.raftkv.proto.meta.Region;
import io.managedkvs.raftkv.proto.meta.RegionEpoch;
import io.managedkvs.raftkv.proto.pd.ChangePeerType;
import io.managedkvs.raftkv.proto.pd.RegionCommand;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A store that stops answering (killed, cut off) before PD declares it down: nothing new goes to
 * it, operators that would give it a replica or leadership are dropped, and a leader that has to
 * leave its region never hands over to it.
 */
class StoreLossSchedulingTest {

    private final OperatorController controller = new OperatorController(Duration.ofSeconds(60), Duration.ofSeconds(10));

    private static Peer peer(long id, long store, PeerRole role) {
        return Peer.newBuilder().setId(id).setStoreId(store).setRole(role).build();
    }

    private static Region region(Peer... peers) {
        return Region.newBuilder().setId(7).setEpoch(RegionEpoch.newBuilder().setConfVer(3).setVersion(1)).addAllPeers(List.of(peers)).build();
    }

    @Test
    void aDisconnectedStoreGetsNeitherANewReplicaNorALeader() {
        ClusterSnapshot c = new MockCluster().store(1, "a").store(2, "b").downStore(3, "c").disconnectedStore(4, "d").store(5, "c")
                .region(10, 1, 2, 3).build();
        assertThat(new ReplicaRepairScheduler().schedule(c)).singleElement()
                .satisfies(op -> assertThat(op.steps()).contains(new Step.AddLearner(5, 0)));

        ClusterSnapshot leaders = new MockCluster().store(1, "a").disconnectedStore(2, "b").store(3, "c")
                .region(10, 1, 2, 3).region(11, 1, 2, 3).region(12, 1, 2, 3).region(13, 1, 2, 3).build();
        assertThat(new BalanceLeaderScheduler().schedule(leaders)).isNotEmpty()
                .allSatisfy(op -> assertThat(op.steps()).containsExactly(new Step.TransferLeader(3)));
        ClusterSnapshot evicted = new MockCluster().evictedStore(1, "a").disconnectedStore(2, "b").store(3, "c")
                .region(10, 1, 2, 3).build();
        assertThat(new LeaderEvictionScheduler().schedule(evicted)).singleElement()
                .satisfies(op -> assertThat(op.steps()).containsExactly(new Step.TransferLeader(3)));
    }

    @Test
    void operatorsThatWouldGiveAStoreAReplicaOrLeadershipAreCancelledWhenItStopsAnswering() {
        controller.admit(new Operator(7, "test", "move", List.of(new Step.AddLearner(4, 40), new Step.PromoteLearner(4),
                new Step.RemovePeer(3))), 0);
        controller.admit(new Operator(8, "test", "lead", List.of(new Step.TransferLeader(4))), 0);
        controller.admit(new Operator(9, "test", "away", List.of(new Step.AddLearner(5, 50), new Step.PromoteLearner(5),
                new Step.RemovePeer(4))), 0);

        controller.avoid(Set.of(4L));

        assertThat(controller.busyRegions()).as("moving a replica off the lost store goes on").containsExactly(9L);
        assertThat(controller.outcomes()).isEqualTo(new OperatorOutcomes(0, 2, 0));
    }

    @Test
    void aLearnerIsPromotedOnlyOnceItsLeaderNoLongerReportsItPending() {
        Peer p1 = peer(1, 1, PeerRole.VOTER);
        Peer p2 = peer(2, 2, PeerRole.VOTER);
        Peer lost = peer(3, 3, PeerRole.VOTER);
        Peer learner = peer(40, 4, PeerRole.LEARNER);
        controller.admit(new Operator(7, "test", "store 3 is down", List.of(new Step.AddLearner(4, 40), new Step.PromoteLearner(4),
                new Step.RemovePeer(3))), 0);
        assertThat(controller.onHeartbeat(region(p1, p2, lost), p1, Set.of(), 0)).hasSize(1);

        Region added = region(p1, p2, lost, learner);
        assertThat(controller.onHeartbeat(added, p1, Set.of(40L), 1_000)).as("catching up: nothing to send").isEmpty();
        assertThat(controller.onHeartbeat(added, p1, Set.of(40L), 1_000 + 2 * OperatorController.RESEND_MS))
                .as("not promoted, and the learner not added again, while it is pending").isEmpty();

        RegionCommand promote = controller.onHeartbeat(added, p1, Set.of(), 8_000).get(0);
        assertThat(promote.getChangePeer().getType()).isEqualTo(ChangePeerType.PROMOTE_LEARNER);
        assertThat(promote.getChangePeer().getPeer()).isEqualTo(learner);
    }

    @Test
    void aLeaderThatMustLeaveHandsOverOnlyToAVoterOnAStoreThatAnswers() {
        Peer p1 = peer(1, 1, PeerRole.VOTER);
        Peer p2 = peer(2, 2, PeerRole.VOTER);
        Peer p3 = peer(3, 3, PeerRole.VOTER);
        controller.admit(new Operator(7, "test", "off store 1", List.of(new Step.RemovePeer(1))), 0);
        controller.avoid(Set.of(2L));

        RegionCommand handOver = controller.onHeartbeat(region(p1, p2, p3), p1, 0).get(0);
        assertThat(handOver.getTransferLeader().getPeer()).isEqualTo(p3);

        controller.avoid(Set.of(2L, 3L));
        assertThat(controller.onHeartbeat(region(p1, p2, p3), p1, OperatorController.RESEND_MS)).as("no voter to hand over to").isEmpty();
        assertThat(controller.running()).isZero();
    }
}
