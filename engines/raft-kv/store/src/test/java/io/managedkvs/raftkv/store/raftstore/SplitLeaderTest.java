package io.managedkvs.raftkv.store.raftstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedkvs.raftkv.proto.meta.Peer;
import io.managedkvs.raftkv.proto.meta.PeerRole;
import io.managedkvs.raftkv.proto.meta.Region;
import org.junit.jupiter.api.Test;

/** Which member of a region a split creates may be elected at once: the one beside the parent's leader. */
class SplitLeaderTest {

    private static final Region RIGHT = Region.newBuilder().setId(20)
            .addPeers(Peer.newBuilder().setId(21).setStoreId(1).setRole(PeerRole.VOTER))
            .addPeers(Peer.newBuilder().setId(22).setStoreId(2).setRole(PeerRole.VOTER))
            .addPeers(Peer.newBuilder().setId(23).setStoreId(3).setRole(PeerRole.LEARNER))
            .build();

    @Test
    void theNewMemberOnTheParentLeadersStore() {
        assertThat(SplitApplier.splitLeader(Peer.newBuilder().setId(12).setStoreId(2).build(), RIGHT)).isEqualTo(22);
    }

    @Test
    void noneWhenTheParentPeerKnowsNoLeader() {
        assertThat(SplitApplier.splitLeader(null, RIGHT)).isZero();
    }

    @Test
    void noneWhenTheMemberThereIsNoVoter() {
        assertThat(SplitApplier.splitLeader(Peer.newBuilder().setId(13).setStoreId(3).build(), RIGHT)).isZero();
    }
}
