package io.managedkvs.raftkv.pd.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedkvs.raftkv.proto.meta.Peer;
import io.managedkvs.raftkv.proto.meta.Region;
import io.managedkvs.raftkv.proto.pd.RegionHeartbeat;
import org.junit.jupiter.api.Test;

class LiveStatsTest {

    private static RegionHeartbeat beat(long leaderStore, long term) {
        return RegionHeartbeat.newBuilder().setRegion(Region.newBuilder().setId(7))
                .setLeader(Peer.newBuilder().setId(70 + leaderStore).setStoreId(leaderStore)).setTerm(term).build();
    }

    @Test
    void aDeposedLeadersLateHeartbeatDoesNotMoveTheLeaderBack() {
        LiveStats live = new LiveStats();
        assertThat(live.regionHeartbeat(beat(1, 5))).isTrue();
        assertThat(live.regionHeartbeat(beat(2, 6))).isTrue();
        assertThat(live.regionHeartbeat(beat(1, 5))).as("sent by store 1 before it lost the lead").isFalse();
        assertThat(live.region(7).getLeader().getStoreId()).isEqualTo(2);
        assertThat(live.regionHeartbeat(beat(2, 6))).as("the same leader again").isTrue();
    }
}
