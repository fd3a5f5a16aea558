package io.managedkvs.raftkv.client;

import static io.managedkvs.raftkv.client.Regions.bs;
import static io.managedkvs.raftkv.client.Regions.peer;
import static io.managedkvs.raftkv.client.Regions.region;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RegionCacheTest {

    private final RegionCache cache = new RegionCache();

    @Test
    void findsTheRegionWhoseRangeHoldsTheKeyWithEmptyKeysAsTheEnds() {
        cache.put(region(1, "", "g", 2), null);
        cache.put(region(2, "g", "p", 2), null);
        cache.put(region(3, "p", "", 2), null);

        assertThat(cache.find(bs("a")).orElseThrow().id()).isEqualTo(1);
        assertThat(cache.find(bs("g")).orElseThrow().id()).isEqualTo(2);
        assertThat(cache.find(bs("ozzz")).orElseThrow().id()).isEqualTo(2);
        assertThat(cache.find(bs("zzzz")).orElseThrow().id()).isEqualTo(3);
    }

    @Test
    void keysCompareAsUnsignedBytes() {
        cache.put(region(1, "", "\u007f", 2), null);
        var high = com.google.protobuf.ByteString.copyFrom(new byte[] {(byte) 0xff});

        assertThat(cache.find(high)).isEmpty();
        assertThat(cache.find(bs("a")).orElseThrow().id()).isEqualTo(1);
    }

    @Test
    void aGapIsAMiss() {
        cache.put(region(1, "", "g", 2), null);
        cache.put(region(3, "p", "", 2), null);

        assertThat(cache.find(bs("h"))).isEmpty();
    }

    @Test
    void theHalvesOfASplitReplaceTheRegionTheyCameFrom() {
        cache.put(region(1, "", "", 1), null);

        cache.put(region(1, "", "m", 2), null);
        cache.put(region(7, "m", "", 2), null);

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.find(bs("z")).orElseThrow().id()).isEqualTo(7);
        assertThat(cache.find(bs("a")).orElseThrow().endKey()).isEqualTo(bs("m"));
    }

    @Test
    void aStaleAnswerDoesNotUndoASplitAlreadyLearned() {
        cache.put(region(1, "", "m", 2), null);
        cache.put(region(7, "m", "", 2), null);

        assertThat(cache.put(region(1, "", "", 1), null)).isFalse();

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.find(bs("z")).orElseThrow().id()).isEqualTo(7);
    }

    @Test
    void anOlderMembershipOfTheSameRegionIsIgnored() {
        cache.put(region(1, "", "", 1, 5), null);

        assertThat(cache.put(region(1, "", "", 1, 4), null)).isFalse();
        assertThat(cache.find(bs("a")).orElseThrow().region().getEpoch().getConfVer()).isEqualTo(5);
    }

    @Test
    void theLeaderIsUpdatedAndALeaderOutsideTheKnownPeersDropsTheRegion() {
        cache.put(region(1, "", "", 1), peer(1, 1));

        cache.updateLeader(1, peer(1, 2));
        assertThat(cache.find(bs("a")).orElseThrow().leader().getStoreId()).isEqualTo(2);

        cache.updateLeader(1, peer(1, 9));
        assertThat(cache.find(bs("a"))).isEmpty();
    }

    @Test
    void withoutALeaderEachAttemptTriesTheNextVoter() {
        cache.put(region(1, "", "", 1), null);
        CachedRegion r = cache.find(bs("a")).orElseThrow();

        assertThat(r.targetStore(0)).isEqualTo(1);
        assertThat(r.targetStore(1)).isEqualTo(2);
        assertThat(r.targetStore(2)).isEqualTo(3);
        assertThat(r.targetStore(3)).isEqualTo(1);
        assertThat(r.withLeader(peer(1, 3)).targetStore(0)).isEqualTo(3);
    }

    @Test
    void theRequestContextCarriesTheRegionsIdAndEpoch() {
        cache.put(region(4, "", "", 6, 3), null);
        CachedRegion r = cache.find(bs("a")).orElseThrow();

        assertThat(r.context().getRegionId()).isEqualTo(4);
        assertThat(r.context().getRegionEpoch().getVersion()).isEqualTo(6);
        assertThat(r.context().getRegionEpoch().getConfVer()).isEqualTo(3);
    }
}
