package io.managedkvs.scheduler.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.managedkvs.scheduler.policy.GroupKey;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PlacementCacheTest {

    private static final GroupKey STORES = new GroupKey("shop", "orders", "store");
    private static final GroupKey OTHER = new GroupKey("shop", "orders", "pd");

    private final AtomicLong clock = new AtomicLong(0);
    private final PlacementCache cache = new PlacementCache(Duration.ofSeconds(30), clock::get);

    @Test
    void boundMembersCountOnTheirNodeAndInTheirGroup() {
        cache.applyPod(new PodFacts("shop/s0", STORES, "n1", true));
        cache.applyPod(new PodFacts("shop/s1", STORES, "n2", true));
        cache.applyPod(new PodFacts("shop/pd0", OTHER, "n1", true));

        assertThat(cache.members(STORES).placed()).containsExactlyInAnyOrderEntriesOf(Map.of("shop/s0", "n1", "shop/s1", "n2"));
        assertThat(cache.managedPodsOn("n1")).isEqualTo(2);
        assertThat(cache.managedPodsOn("n3")).isZero();
    }

    @Test
    void aPodThatMovesOrEndsLeavesItsOldPlace() {
        cache.applyPod(new PodFacts("shop/s0", STORES, "n1", true));
        cache.removePod("shop/s0");
        cache.applyPod(new PodFacts("shop/s0", STORES, "n2", true));
        assertThat(cache.members(STORES).placed()).containsExactlyEntriesOf(Map.of("shop/s0", "n2"));
        assertThat(cache.managedPodsOn("n1")).isZero();

        cache.applyPod(new PodFacts("shop/s0", STORES, "n2", false));
        assertThat(cache.members(STORES).isEmpty()).isTrue();
        assertThat(cache.managedPodsOn("n2")).isZero();
        assertThat(cache.groupCount()).isZero();
    }

    @Test
    void aReservationHoldsTheNodeUntilTheBindingIsSeen() {
        cache.applyPod(new PodFacts("shop/s0", STORES, null, true));
        assertThat(cache.members(STORES).waiting()).containsExactly("shop/s0");

        cache.reserve("shop/s0", STORES, "n1");
        assertThat(cache.members(STORES).placed()).containsEntry("shop/s0", "n1");
        assertThat(cache.managedPodsOn("n1")).isEqualTo(1);
        assertThat(cache.isReserved("shop/s0")).isTrue();

        // kube-scheduler updates the pending pod (a condition, say): the reservation stays.
        cache.applyPod(new PodFacts("shop/s0", STORES, null, true));
        assertThat(cache.placementOf("shop/s0")).isEqualTo("n1");

        cache.applyPod(new PodFacts("shop/s0", STORES, "n1", true));
        assertThat(cache.isReserved("shop/s0")).isFalse();
        assertThat(cache.reservationCount()).isZero();
        assertThat(cache.managedPodsOn("n1")).isEqualTo(1);
    }

    @Test
    void aBindingElsewhereReplacesTheReservation() {
        cache.reserve("shop/s0", STORES, "n1");
        cache.applyPod(new PodFacts("shop/s0", STORES, "n2", true));

        assertThat(cache.placementOf("shop/s0")).isEqualTo("n2");
        assertThat(cache.managedPodsOn("n1")).isZero();
        assertThat(cache.managedPodsOn("n2")).isEqualTo(1);
    }

    @Test
    void aPodAlreadySeenBoundKeepsItsBindingWhenAReservationArrivesLate() {
        cache.applyPod(new PodFacts("shop/s0", STORES, "n2", true));
        cache.reserve("shop/s0", STORES, "n1");
        assertThat(cache.placementOf("shop/s0")).isEqualTo("n2");
    }

    @Test
    void anExpiredReservationTurnsBackIntoAWaitingMemberAndRemembersThePick() {
        cache.reserve("shop/s0", STORES, "n1");
        clock.addAndGet(Duration.ofSeconds(29).toNanos());
        cache.expireReservations();
        assertThat(cache.placementOf("shop/s0")).isEqualTo("n1");

        clock.addAndGet(Duration.ofSeconds(2).toNanos());
        cache.expireReservations();
        assertThat(cache.placementOf("shop/s0")).isNull();
        assertThat(cache.members(STORES).waiting()).containsExactly("shop/s0");
        assertThat(cache.managedPodsOn("n1")).isZero();
        assertThat(cache.earlierPicks("shop/s0")).containsExactly("n1");
    }

    @Test
    void aDeletedPodTakesItsReservationWithIt() {
        cache.reserve("shop/s0", STORES, "n1");
        cache.removePod("shop/s0");
        assertThat(cache.reservationCount()).isZero();
        assertThat(cache.managedPodsOn("n1")).isZero();
        assertThat(cache.members(STORES).isEmpty()).isTrue();
    }

    @Test
    void onlyTheLastFewPicksAreRemembered() {
        for (int i = 0; i < 6; i++) {
            cache.reserve("shop/s0", STORES, "n" + i);
        }
        assertThat(cache.earlierPicks("shop/s0")).containsExactly("n2", "n3", "n4", "n5");
        assertThat(cache.managedPodsOn("n4")).isZero();
        assertThat(cache.managedPodsOn("n5")).isEqualTo(1);
    }

    @Test
    void concurrentWritersLeaveConsistentAggregates() throws Exception {
        int threads = 4;
        int podsPerThread = 500;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < podsPerThread; i++) {
                        String key = "shop/p-" + thread + "-" + i;
                        GroupKey group = new GroupKey("shop", "i" + (i % 7), "store");
                        // Every pod is reserved, bound elsewhere, moved, and half of them deleted.
                        cache.reserve(key, group, "n" + (i % 5));
                        cache.applyPod(new PodFacts(key, group, "n" + (i % 3), true));
                        cache.applyPod(new PodFacts(key, group, "n" + ((i + thread) % 4), true));
                        if (i % 2 == 0) {
                            cache.removePod(key);
                        }
                    }
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        int remaining = threads * podsPerThread / 2;
        int load = 0;
        for (int n = 0; n < 5; n++) {
            load += cache.managedPodsOn("n" + n);
        }
        int members = 0;
        for (int g = 0; g < 7; g++) {
            members += cache.members(new GroupKey("shop", "i" + g, "store")).placed().size();
        }
        assertThat(cache.podCount()).isEqualTo(remaining);
        assertThat(load).isEqualTo(remaining);
        assertThat(members).isEqualTo(remaining);
        assertThat(cache.reservationCount()).isZero();
    }

    @Test
    void forItsDefaultKeyTheCacheIsItsOwnSnapshotWithoutAView() {
        assertThat(cache.zoneKey()).isEqualTo("topology.kubernetes.io/zone");
        assertThat(cache.forZoneKey("topology.kubernetes.io/zone")).isSameAs(cache);
        assertThat(cache.forZoneKey(null)).isSameAs(cache);
        assertThat(cache.forZoneKey(" ")).isSameAs(cache);
        assertThat(cache.forZoneKey("example.com/rack")).isNotSameAs(cache);

        PlacementCache racksByDefault = new PlacementCache(" example.com/rack ", Duration.ofSeconds(30));
        assertThat(racksByDefault.zoneKey()).isEqualTo("example.com/rack");
        assertThat(racksByDefault.forZoneKey("example.com/rack")).isSameAs(racksByDefault);
    }

    @Test
    void aBlankDefaultKeyIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> new PlacementCache("  ", Duration.ofSeconds(30)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("managedkvs.scheduler.zone-label").hasMessageContaining("blank");
        assertThatThrownBy(() -> new PlacementCache((String) null, Duration.ofSeconds(30)))
                .hasMessageContaining("managedkvs.scheduler.zone-label").hasMessageContaining("missing");
    }

    @Test
    void aViewByAnotherKeyReadsTheNodesCurrentLabelsAndSharesEverythingElse() {
        cache.applyNode(new NodeFacts("a1", "a", true, Map.of("topology.kubernetes.io/zone", "a", "example.com/rack", "r1")));
        cache.applyNode(new NodeFacts("a2", "a", true, Map.of("topology.kubernetes.io/zone", "a", "example.com/rack", "r2", "disk", "ssd")));
        cache.applyNode(new NodeFacts("b1", "b", true, Map.of("topology.kubernetes.io/zone", "b", "example.com/rack", "r1", "disk", "ssd")));
        cache.applyNode(new NodeFacts("b2", "b", false, Map.of("topology.kubernetes.io/zone", "b", "example.com/rack", "r3")));
        cache.applyNode(new NodeFacts("u1", "u", true, Map.of("disk", "ssd")));
        cache.applyPod(new PodFacts("shop/s0", STORES, "a1", true));
        cache.reserve("shop/s1", STORES, "b1");
        var racks = cache.forZoneKey("example.com/rack");

        assertThat(racks.zoneOf("a1")).isEqualTo("r1");
        assertThat(racks.zoneOf("b1")).isEqualTo("r1");
        assertThat(racks.zoneOf("u1")).as("no rack label: its own rack").isEqualTo("node:u1");
        assertThat(racks.zoneOf("gone")).isEqualTo("node:gone");
        assertThat(racks.zonesWithSchedulableNodes(Map.of())).as("r1, r2 and u1's own; b2 is cordoned").isEqualTo(3);
        assertThat(racks.zonesWithSchedulableNodes(Map.of("disk", "ssd"))).isEqualTo(3);
        assertThat(cache.zonesWithSchedulableNodes(Map.of("disk", "ssd"))).as("by zones: a, b, u").isEqualTo(3);
        assertThat(cache.zonesWithSchedulableNodes(Map.of())).isEqualTo(3);
        assertThat(racks.members(STORES)).isEqualTo(cache.members(STORES));
        assertThat(racks.managedPodsOn("b1")).isEqualTo(1);
        assertThat(racks.earlierPicks("shop/s1")).containsExactly("b1");

        // A node relabelled after the view was made: the view is not a copy.
        cache.applyNode(new NodeFacts("a1", "a", true, Map.of("topology.kubernetes.io/zone", "a", "example.com/rack", "r9")));
        assertThat(racks.zoneOf("a1")).isEqualTo("r9");
        assertThat(racks.zonesWithSchedulableNodes(Map.of())).isEqualTo(4);
    }

    @Test
    void zonesAreCountedOverSchedulableNodesThatMatchTheSelector() {
        cache.applyNode(new NodeFacts("a1", "a", true, Map.of("disk", "ssd")));
        cache.applyNode(new NodeFacts("b1", "b", true, Map.of("disk", "hdd")));
        cache.applyNode(new NodeFacts("c1", "c", false, Map.of("disk", "ssd")));
        cache.applyNode(new NodeFacts("d1", "d", true, Map.of("disk", "ssd")));

        assertThat(cache.zonesWithSchedulableNodes(Map.of())).isEqualTo(3);
        assertThat(cache.zonesWithSchedulableNodes(Map.of("disk", "ssd"))).isEqualTo(2);
        assertThat(cache.zoneOf("a1")).isEqualTo("a");
        assertThat(cache.zoneOf("unknown")).isEqualTo("node:unknown");
    }
}
