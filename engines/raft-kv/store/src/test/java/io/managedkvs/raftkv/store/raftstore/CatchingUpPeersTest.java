package io.managedkvs.raftkv.store.raftstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedkvs.raft.PeerProgress;
import io.managedkvs.raft.progress.ProgressState;
import io.managedkvs.raftkv.proto.meta.Peer;
import io.managedkvs.raftkv.proto.meta.PeerRole;
import io.managedkvs.raftkv.proto.meta.Region;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which members a leader reports to PD as catching up ({@link CatchingUpPeers}). */
class CatchingUpPeersTest {

    private static final Peer LEADER = Peer.newBuilder().setId(1).setStoreId(1).build();
    private static final Peer VOTER = Peer.newBuilder().setId(2).setStoreId(2).build();
    private static final Peer LEARNER = Peer.newBuilder().setId(3).setStoreId(3).setRole(PeerRole.LEARNER).build();
    private static final Region REGION = Region.newBuilder().setId(9).addPeers(LEADER).addPeers(VOTER).addPeers(LEARNER).build();

    private static PeerProgress replicating(long id, long match) {
        return new PeerProgress(id, match, match + 1, ProgressState.REPLICATE, 0, id == 3, true);
    }

    @Test
    void membersWithinTheAllowedLagOfTheCommitIndexAreNotPending() {
        long commit = 5_000;
        List<PeerProgress> progress = List.of(replicating(1, commit), replicating(2, commit - CatchingUpPeers.MAX_LAG),
                replicating(3, commit - 3));
        assertThat(CatchingUpPeers.of(REGION, 1, progress, 3_000, commit)).isEmpty();
    }

    @Test
    void aMemberFartherBehindThanTheAllowedLagIsPending() {
        long commit = 5_000;
        List<PeerProgress> progress = List.of(replicating(1, commit), replicating(2, commit),
                replicating(3, commit - CatchingUpPeers.MAX_LAG - 1));
        assertThat(CatchingUpPeers.of(REGION, 1, progress, 10, commit)).containsExactly(LEARNER);
    }

    @Test
    void aMemberThatNeedsEntriesTheLeaderCompactedIsPendingHoweverSmallItsLag() {
        List<PeerProgress> progress = List.of(replicating(1, 120), replicating(2, 100), replicating(3, 0));
        assertThat(CatchingUpPeers.of(REGION, 1, progress, 110, 120)).containsExactly(VOTER, LEARNER);
        assertThat(CatchingUpPeers.of(REGION, 1, progress, 101, 120)).as("match 100 still has index 101 on").containsExactly(LEARNER);
    }

    @Test
    void aMemberBeingSentASnapshotIsPendingUntilTheTransportReportsIt() {
        List<PeerProgress> progress = List.of(replicating(1, 50), replicating(2, 50),
                new PeerProgress(3, 50, 51, ProgressState.SNAPSHOT, 50, true, true));
        assertThat(CatchingUpPeers.of(REGION, 1, progress, 10, 50)).containsExactly(LEARNER);
    }

    @Test
    void theLeaderItselfAndMembersTheRegionDoesNotListYetAreNeverReported() {
        List<PeerProgress> progress = List.of(replicating(1, 0), replicating(2, 50), replicating(3, 50),
                replicating(4, 0));
        assertThat(CatchingUpPeers.of(REGION, 1, progress, 10, 50)).isEmpty();
    }

    @Test
    void beforeAnyRefreshEveryMemberButTheLeaderCountsAsCatchingUp() {
        CatchingUpPeers fresh = new CatchingUpPeers();
        assertThat(fresh.current(REGION, 1)).containsExactly(VOTER, LEARNER);
    }

    @Test
    void aMemberAddedAfterTheLastRefreshCountsAsCatchingUpUntilARefreshLooksAtIt() {
        CatchingUpPeers watch = new CatchingUpPeers();
        Region before = REGION.toBuilder().removePeers(2).build();
        assertThat(watch.refresh(before, 1, List.of(replicating(1, 50), replicating(2, 50)), 10, 50)).as("now nothing pending").isTrue();
        assertThat(watch.current(before, 1)).isEmpty();

        assertThat(watch.current(REGION, 1)).as("the learner just added").containsExactly(LEARNER);
        assertThat(watch.refresh(REGION, 1, List.of(replicating(1, 50), replicating(2, 50), replicating(3, 0)), 10, 50))
                .as("still catching up: nothing new to report").isFalse();
        assertThat(watch.refresh(REGION, 1, List.of(replicating(1, 50), replicating(2, 50), replicating(3, 50)), 10, 50))
                .as("caught up: report at once").isTrue();
        assertThat(watch.current(REGION, 1)).isEmpty();
    }
}
