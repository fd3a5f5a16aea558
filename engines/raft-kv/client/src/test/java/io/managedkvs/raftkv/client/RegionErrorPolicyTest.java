package io.managedkvs.raftkv.client;

import static io.managedkvs.raftkv.client.Regions.bs;
import static io.managedkvs.raftkv.client.Regions.peer;
import static io.managedkvs.raftkv.client.Regions.region;
import static org.assertj.core.api.Assertions.assertThat;

import io.managedkvs.raftkv.proto.kv.EpochNotMatch;
import io.managedkvs.raftkv.proto.kv.KeyNotInRegion;
import io.managedkvs.raftkv.proto.kv.NotLeader;
import io.managedkvs.raftkv.proto.kv.RegionError;
import io.managedkvs.raftkv.proto.kv.RegionNotFound;
import io.managedkvs.raftkv.proto.kv.ServerIsBusy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each region error updates the cache with what it says and advises a retry now or after a wait. */
class RegionErrorPolicyTest {

    private final RegionCache cache = new RegionCache();
    private CachedRegion sent;

    @BeforeEach
    void oneRegionLedByStore1() {
        cache.put(region(1, "", "", 1), peer(1, 1));
        sent = cache.find(bs("k")).orElseThrow();
    }

    @Test
    void notLeaderNamingTheLeaderRedirectsAtOnce() {
        RegionError e = RegionError.newBuilder().setNotLeader(NotLeader.newBuilder().setRegionId(1).setLeader(peer(1, 3))).build();

        RetryAdvice advice = RegionErrorPolicy.apply(e, sent, 1, cache);

        assertThat(advice.backoff()).isFalse();
        assertThat(advice.waitMillis()).isZero();
        assertThat(cache.find(bs("k")).orElseThrow().targetStore(0)).isEqualTo(3);
    }

    @Test
    void notLeaderWithoutALeaderBacksOffAndTriesTheVoters() {
        RegionError e = RegionError.newBuilder().setNotLeader(NotLeader.newBuilder().setRegionId(1)).build();

        RetryAdvice advice = RegionErrorPolicy.apply(e, sent, 1, cache);

        assertThat(advice.backoff()).isTrue();
        assertThat(cache.find(bs("k")).orElseThrow().leader()).isNull();
    }

    @Test
    void epochNotMatchLearnsTheCurrentRegionsAndRetriesAtOnceOnTheAnsweringStore() {
        RegionError e = RegionError.newBuilder().setEpochNotMatch(EpochNotMatch.newBuilder()
                .addCurrentRegions(region(1, "", "m", 2)).addCurrentRegions(region(9, "m", "", 2))).build();

        RetryAdvice advice = RegionErrorPolicy.apply(e, sent, 2, cache);

        assertThat(advice.backoff()).isFalse();
        assertThat(cache.find(bs("z")).orElseThrow().id()).isEqualTo(9);
        assertThat(cache.find(bs("z")).orElseThrow().targetStore(0)).isEqualTo(2);
        assertThat(cache.find(bs("a")).orElseThrow().endKey()).isEqualTo(bs("m"));
    }

    @Test
    void regionNotFoundAndKeyNotInRegionDropTheRegionSoPdIsAsked() {
        RetryAdvice a = RegionErrorPolicy.apply(RegionError.newBuilder().setRegionNotFound(RegionNotFound.newBuilder().setRegionId(1)).build(),
                sent, 1, cache);
        assertThat(a.backoff()).isTrue();
        assertThat(cache.find(bs("k"))).isEmpty();

        cache.put(region(1, "", "", 1), peer(1, 1));
        RetryAdvice b = RegionErrorPolicy.apply(RegionError.newBuilder().setKeyNotInRegion(KeyNotInRegion.newBuilder().setKey(bs("k"))
                .setRegionId(1).setStartKey(bs("a")).setEndKey(bs("c"))).build(), sent, 1, cache);
        assertThat(b.backoff()).isTrue();
        assertThat(cache.find(bs("k"))).isEmpty();
    }

    @Test
    void serverIsBusyWaitsAsLongAsTheStoreAsks() {
        RetryAdvice advice = RegionErrorPolicy.apply(RegionError.newBuilder().setMessage("queue full")
                .setServerIsBusy(ServerIsBusy.newBuilder().setBackoffMs(40)).build(), sent, 1, cache);

        assertThat(advice.waitMillis()).isEqualTo(40);
        assertThat(advice.reason()).isEqualTo("queue full");
        assertThat(cache.find(bs("k")).orElseThrow().leader().getStoreId()).isEqualTo(1);
    }
}
