package io.managedkvs.raftkv.pd.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.managedkvs.raftkv.proto.meta.Peer;
import io.managedkvs.raftkv.proto.meta.PeerRole;
import io.managedkvs.raftkv.proto.meta.Region;
import io.managedkvs.raftkv.proto.meta.RegionEpoch;
import io.managedkvs.raftkv.proto.pd.ChangePeerType;
import io.managedkvs.raftkv.proto.pd.RegionCommand;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The controller walks an operator through its steps as heartbeats show progress, and gives up on timeouts. */
class OperatorControllerTest {

    private final OperatorController controller = new OperatorController(Duration.ofSeconds(60), Duration.ofSeconds(10));

    private static Peer peer(long id, long store, PeerRole role) {
        return Peer.newBuilder().setId(id).setStoreId(store).setRole(role).build();
    }

    private static Region region(int confVer, Peer... peers) {
        return Region.newBuilder().setId(7).setEpoch(RegionEpoch.newBuilder().setConfVer(confVer).setVersion(1)).addAllPeers(List.of(peers)).build();
    }

    @Test
    void movesAReplicaStepByStepWithTheLeaderHandingOverBeforeItIsRemoved() {
        Peer p1 = peer(1, 1, PeerRole.VOTER);
        Peer p2 = peer(2, 2, PeerRole.VOTER);
        Peer p3 = peer(3, 3, PeerRole.VOTER);
        Operator op = new Operator(7, "test", "move", List.of(new Step.AddLearner(4, 40), new Step.PromoteLearner(4), new Step.RemovePeer(1)));
        assertThat(controller.admit(op, 0)).isTrue();
        assertThat(controller.admit(op, 0)).isFalse();

        Region r1 = region(1, p1, p2, p3);
        RegionCommand add = controller.onHeartbeat(r1, p1, 0).get(0);
        assertThat(add.getChangePeer().getType()).isEqualTo(ChangePeerType.ADD_LEARNER);
        assertThat(add.getChangePeer().getPeer()).isEqualTo(peer(40, 4, PeerRole.LEARNER));
        assertThat(add.getRegionEpoch()).isEqualTo(r1.getEpoch());
        assertThat(controller.onHeartbeat(r1, p1, 1_000)).as("not resent at once").isEmpty();
        assertThat(controller.onHeartbeat(r1, p1, 1_000 + OperatorController.RESEND_MS)).hasSize(1);

        Region r2 = region(2, p1, p2, p3, peer(40, 4, PeerRole.LEARNER));
        assertThat(controller.onHeartbeat(r2, p1, 5_000).get(0).getChangePeer().getType()).isEqualTo(ChangePeerType.PROMOTE_LEARNER);

        Region r3 = region(3, p1, p2, p3, peer(40, 4, PeerRole.VOTER));
        RegionCommand handOver = controller.onHeartbeat(r3, p1, 6_000).get(0);
        assertThat(handOver.hasTransferLeader()).isTrue();
        assertThat(handOver.getTransferLeader().getPeer().getStoreId()).isNotEqualTo(1);
        RegionCommand remove = controller.onHeartbeat(r3, p2, 10_000).get(0);
        assertThat(remove.getChangePeer().getType()).isEqualTo(ChangePeerType.REMOVE_PEER);
        assertThat(remove.getChangePeer().getPeer()).isEqualTo(p1);

        assertThat(controller.onHeartbeat(region(4, p2, p3, peer(40, 4, PeerRole.VOTER)), p2, 11_000)).isEmpty();
        assertThat(controller.running()).isZero();
        assertThat(controller.finishedCount()).isEqualTo(1);
    }

    @Test
    void aStepWithoutProgressCancelsTheOperator() {
        Peer p1 = peer(1, 1, PeerRole.VOTER);
        controller.admit(new Operator(7, "test", "lead", List.of(new Step.TransferLeader(2))), 0);
        Region r = region(1, p1, peer(2, 2, PeerRole.VOTER));
        assertThat(controller.onHeartbeat(r, p1, 0)).hasSize(1);
        assertThat(controller.onHeartbeat(r, p1, 10_001)).isEmpty();
        assertThat(controller.running()).isZero();
        assertThat(controller.cancelledCount()).isEqualTo(1);

        controller.admit(new Operator(7, "test", "lead", List.of(new Step.TransferLeader(2))), 20_000);
        controller.expire(30_001);
        assertThat(controller.running()).isZero();
        assertThat(controller.outcomes()).isEqualTo(new OperatorOutcomes(0, 2, 2));
    }

    @Test
    void aStepThatNoLongerFitsTheRegionCancelsAndAnOperatorNeedsPeerIds() {
        Peer p1 = peer(1, 1, PeerRole.VOTER);
        controller.admit(new Operator(7, "test", "lead", List.of(new Step.TransferLeader(9))), 0);
        assertThat(controller.onHeartbeat(region(1, p1), p1, 0)).isEmpty();
        assertThat(controller.running()).isZero();
        assertThat(controller.outcomes()).as("cancelled, not timed out").isEqualTo(new OperatorOutcomes(0, 1, 0));
        assertThatThrownBy(() -> controller.admit(Operator.addReplica(7, "test", "x", 4), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("peer id");
    }
}
