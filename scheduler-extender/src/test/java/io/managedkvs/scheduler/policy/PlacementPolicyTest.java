package io.managedkvs.scheduler.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlacementPolicyTest {

    private static final GroupKey STORES = new GroupKey("shop", "orders", "store");
    private static final GroupKey REDIS = new GroupKey("shop", "cache", "redis");
    private static final GroupKey OTHER = new GroupKey("billing", "ledger", "store");

    private final PlacementPolicy required = new PlacementPolicy(ZoneMajority.REQUIRED);
    private final PlacementPolicy preferred = new PlacementPolicy(ZoneMajority.PREFERRED);
    private final TestCluster cluster = new TestCluster();

    private static MemberPod store(String name, int size) {
        return new MemberPod("shop/" + name, STORES, size, true, Map.of());
    }

    private static MemberPod redis(String name, int size) {
        return new MemberPod("shop/" + name, REDIS, size, false, Map.of());
    }

    @Test
    void theLastMemberOfAGroupMayGoToAnyFreeNodeAndKubeSchedulerChooses() {
        cluster.node("n1", "a").node("n2", "b").node("n3", "a").node("n4", "c")
                .member(REDIS, "n1").member(REDIS, "n2");

        FilterDecision d = required.filter(redis("cache-redis-2", 3), cluster.candidates("n1", "n2", "n3", "n4"), cluster.cache);

        assertThat(d.allowed()).containsExactly("n3", "n4");
        assertThat(d.pick()).isNull();
        assertThat(d.decisions()).containsExactly(Decision.SPREAD);
        assertThat(d.rejected()).containsOnlyKeys("n1", "n2");
        assertThat(d.rejected().get("n1")).contains("already runs on this node").contains("shop/cache/redis");
    }

    @Test
    void membersScheduledTogetherArePlacedOneAtATimeAndEndUpInThreeZones() {
        cluster.nodes("a", "a1", "a2").node("b1", "b").node("c1", "c").member(OTHER, "a1");
        List<String> candidates = List.of("a1", "a2", "b1", "c1");

        FilterDecision first = required.filter(store("orders-store-0", 3), cluster.candidates(candidates.toArray(String[]::new)), cluster.cache);
        assertThat(first.allowed()).as("the least-loaded free node, alone").containsExactly("a2");
        assertThat(first.pick()).isEqualTo("a2");
        assertThat(first.decisions()).contains(Decision.PICKED, Decision.SPREAD);
        assertThat(first.rejected()).as("left out by the pick, not by a rule: not listed").isEmpty();
        cluster.cache.reserve("shop/orders-store-0", STORES, first.pick());

        FilterDecision second = required.filter(store("orders-store-1", 3), cluster.candidates(candidates.toArray(String[]::new)), cluster.cache);
        assertThat(second.allowed()).containsExactly("b1");
        assertThat(second.rejected().get("a1")).contains("2 of 3 members of shop/orders/store in this zone");
        cluster.cache.reserve("shop/orders-store-1", STORES, second.pick());

        FilterDecision third = required.filter(store("orders-store-2", 3), cluster.candidates(candidates.toArray(String[]::new)), cluster.cache);
        assertThat(third.allowed()).containsExactly("c1");
        assertThat(third.pick()).as("the last member is left to kube-scheduler").isNull();
    }

    @Test
    void aQuorumMemberWaitsRatherThanGiveAZoneAMajorityWhenAnotherZoneCouldTakeIt() {
        // Zone c has a node, but it is full: kube-scheduler does not offer it.
        cluster.nodes("a", "a1", "a2").nodes("b", "b1", "b2").node("c1", "c")
                .member(STORES, "a1").member(STORES, "b1");

        FilterDecision d = required.filter(store("orders-store-2", 3), cluster.candidates("a2", "b2"), cluster.cache);

        assertThat(d.allowed()).isEmpty();
        assertThat(d.decisions()).containsExactly(Decision.ZONE_WAIT);
        assertThat(d.rejected()).containsOnlyKeys("a2", "b2");
        assertThat(d.rejected().get("a2")).contains("2 of 3").contains("lose their quorum of 2")
                .contains("waits for a node in another zone");
        assertThat(d.summary()).startsWith("zone-wait:").contains("waits");
    }

    @Test
    void withPreferredZonesTheSameMemberIsPlacedInTheLeastLoadedZones() {
        cluster.nodes("a", "a1", "a2").nodes("b", "b1", "b2").node("c1", "c")
                .member(STORES, "a1").member(STORES, "b1");

        FilterDecision d = preferred.filter(store("orders-store-2", 3), cluster.candidates("a2", "b2"), cluster.cache);

        assertThat(d.allowed()).containsExactly("a2", "b2");
        assertThat(d.decisions()).containsExactly(Decision.ZONE_FALLBACK);
        assertThat(d.summary()).startsWith("zone-fallback:").contains("least-loaded zones")
                .contains("zone-majority is preferred").contains("loses the quorum of 2");
    }

    @Test
    void whenTheClusterHasTooFewZonesTheLeastLoadedZoneIsAllowedAndTheResponseSaysWhy() {
        cluster.nodes("a", "a1", "a2", "a3").nodes("b", "b1", "b2")
                .member(STORES, "a1").member(STORES, "a2").member(STORES, "b1");

        FilterDecision d = required.filter(store("orders-store-3", 3), cluster.candidates("a3", "b2"), cluster.cache);

        assertThat(d.allowed()).containsExactly("b2");
        assertThat(d.decisions()).contains(Decision.ZONE_FALLBACK).doesNotContain(Decision.ZONE_WAIT);
        assertThat(d.rejected().get("a3")).contains("holds more members of shop/orders/store than other feasible zones");
        assertThat(d.summary()).startsWith("zone-fallback:").contains("only 2 zone(s)").contains("3 are needed");
    }

    @Test
    void aSingleZoneClusterNeverBlocksAQuorumGroup() {
        cluster.nodes("a", "a1", "a2", "a3").member(STORES, "a1");

        FilterDecision d = required.filter(store("orders-store-1", 3), cluster.candidates("a1", "a2", "a3"), cluster.cache);

        assertThat(d.allowed()).hasSize(1).doesNotContain("a1");
        assertThat(d.decisions()).contains(Decision.ZONE_FALLBACK, Decision.PICKED);
    }

    @Test
    void aMemberPinnedToOneZoneByItsNodeSelectorDoesNotWaitForZonesItCannotUse() {
        cluster.nodes("a", "a1", "a2").nodes("b", "b1").nodes("c", "c1").member(STORES, "a1");
        MemberPod pinned = new MemberPod("shop/orders-store-1", STORES, 3, true, Map.of(TestCluster.ZONE_LABEL, "a"));

        FilterDecision d = required.filter(pinned, cluster.candidates("a2"), cluster.cache);

        assertThat(d.allowed()).containsExactly("a2");
        assertThat(d.decisions()).contains(Decision.ZONE_FALLBACK).doesNotContain(Decision.ZONE_WAIT);
        assertThat(d.summary()).contains("only 1 zone(s)");
    }

    @Test
    void whenEveryFeasibleNodeRunsAMemberTheLeastLoadedIsAllowed() {
        cluster.node("n1", "a").node("n2", "b")
                .member(REDIS, "n1").member(REDIS, "n1").member(REDIS, "n2");

        FilterDecision d = required.filter(redis("cache-redis-3", 5), cluster.candidates("n1", "n2"), cluster.cache);

        assertThat(d.allowed()).containsExactly("n2");
        assertThat(d.decisions()).contains(Decision.NODE_FALLBACK);
        assertThat(d.rejected().get("n1")).contains("every feasible node runs one");
        assertThat(d.summary()).contains("allowed the least-loaded");
    }

    @Test
    void keepingAMajorityOutOfAZoneComesBeforeKeepingMembersOffANode() {
        cluster.nodes("a", "a1", "a2", "a3").node("b1", "b").node("c1", "c")
                .member(STORES, "a1").member(STORES, "a2").member(STORES, "b1");

        FilterDecision d = required.filter(store("orders-store-3", 5), cluster.candidates("a3", "b1"), cluster.cache);

        assertThat(d.allowed()).containsExactly("b1");
        assertThat(d.rejected().get("a3")).contains("3 of 5 members");
        assertThat(d.decisions()).contains(Decision.NODE_FALLBACK);
    }

    @Test
    void inAGroupOfFourNoZoneMayHoldTwoMembersBecauseLosingItLosesTheQuorum() {
        cluster.nodes("a", "a1", "a2").nodes("b", "b1").nodes("c", "c1").nodes("d", "d1")
                .member(STORES, "a1").member(STORES, "b1");

        FilterDecision d = required.filter(store("orders-store-2", 4), cluster.candidates("a2", "b1", "c1", "d1"), cluster.cache);

        assertThat(d.allowed()).as("c and d hold no member; a and b each hold one, and 2 of 4 in one zone"
                + " leaves 2 when it fails, short of a quorum of 3").hasSize(1).containsAnyOf("c1", "d1");
        assertThat(d.rejected()).containsOnlyKeys("a2", "b1");
        assertThat(d.rejected().get("a2")).contains("2 of 4 members of shop/orders/store").contains("quorum of 3");
    }

    @Test
    void aMemberOfFourWaitsWhenTheFourthZoneIsFullAndFallsBackWhenThereAreOnlyThreeZones() {
        cluster.nodes("a", "a1", "a2").nodes("b", "b1", "b2").nodes("c", "c1", "c2")
                .member(STORES, "a1").member(STORES, "b1").member(STORES, "c1");

        FilterDecision threeZones = required.filter(store("orders-store-3", 4), cluster.candidates("a2", "b2", "c2"), cluster.cache);

        assertThat(threeZones.allowed()).as("any zone would then hold 2 of 4: the least-loaded are allowed")
                .containsExactly("a2", "b2", "c2");
        assertThat(threeZones.decisions()).contains(Decision.ZONE_FALLBACK).doesNotContain(Decision.ZONE_WAIT);
        assertThat(threeZones.summary()).startsWith("zone-fallback:").contains("only 3 zone(s)")
                .contains("4 are needed").contains("loses the quorum of 3");

        cluster.node("d1", "d");
        FilterDecision fourZones = required.filter(store("orders-store-3", 4), cluster.candidates("a2", "b2", "c2"), cluster.cache);

        assertThat(fourZones.allowed()).as("zone d could take it, though kube-scheduler did not offer its node").isEmpty();
        assertThat(fourZones.decisions()).containsExactly(Decision.ZONE_WAIT);
    }

    @Test
    void aGroupOfSixMayPutTwoMembersInAZoneButNotThree() {
        cluster.nodes("a", "a1", "a2", "a3").nodes("b", "b1", "b2").nodes("c", "c1")
                .member(STORES, "a1").member(STORES, "a2").member(STORES, "b1");

        FilterDecision d = required.filter(store("orders-store-3", 6), cluster.candidates("a3", "b2", "c1"), cluster.cache);

        assertThat(d.allowed()).as("b2 gives zone b 2 of 6 (4 left when it fails, a quorum); a3 would give zone a 3")
                .doesNotContain("a3").isNotEmpty();
        assertThat(d.rejected()).containsOnlyKeys("a3");
        assertThat(d.rejected().get("a3")).contains("3 of 6 members").contains("quorum of 4");
    }

    @Test
    void aGroupOfSixWaitsInThreeZonesButFallsBackInTwo() {
        cluster.nodes("a", "a1", "a2").nodes("b", "b1", "b2").nodes("c", "c1")
                .member(STORES, "a1").member(STORES, "a1").member(STORES, "b1").member(STORES, "b1");

        FilterDecision d = required.filter(store("orders-store-4", 6), cluster.candidates("a2", "b2"), cluster.cache);

        assertThat(d.allowed()).as("three zones hold six members two by two: it waits for zone c").isEmpty();
        assertThat(d.decisions()).containsExactly(Decision.ZONE_WAIT);

        TestCluster twoZones = new TestCluster();
        twoZones.nodes("a", "a1", "a2").nodes("b", "b1", "b2")
                .member(STORES, "a1").member(STORES, "a1").member(STORES, "b1").member(STORES, "b1");
        FilterDecision fallback = required.filter(store("orders-store-4", 6), twoZones.candidates("a2", "b2"), twoZones.cache);
        assertThat(fallback.allowed()).as("two more members to come: one node is picked").hasSize(1);
        assertThat(fallback.decisions()).contains(Decision.ZONE_FALLBACK, Decision.PICKED).doesNotContain(Decision.ZONE_WAIT);
        assertThat(fallback.summary()).contains("only 2 zone(s)").contains("3 are needed");
    }

    @Test
    void aGroupOfFiveMayPutTwoMembersInAZone() {
        cluster.nodes("a", "a1", "a2").nodes("b", "b1").nodes("c", "c1")
                .member(STORES, "a1").member(STORES, "b1").member(STORES, "c1");

        FilterDecision d = required.filter(store("orders-store-3", 5), cluster.candidates("a2"), cluster.cache);

        assertThat(d.allowed()).containsExactly("a2");
        assertThat(d.decisions()).doesNotContain(Decision.ZONE_FALLBACK, Decision.ZONE_WAIT);
    }

    @Test
    void aGroupOfTwoCannotSurviveAZoneLossSoTheZoneRuleDoesNotHoldItBack() {
        cluster.nodes("a", "a1", "a2").nodes("b", "b1").member(STORES, "a1");

        FilterDecision d = required.filter(store("orders-store-1", 2), cluster.candidates("a2"), cluster.cache);

        assertThat(d.allowed()).containsExactly("a2");
        assertThat(d.decisions()).containsExactly(Decision.SPREAD);
    }

    @Test
    void nodesWithoutZoneLabelsAreEachAZoneOfTheirOwn() {
        cluster.node("u1", null).node("u2", null).nodes("a", "a1", "a2")
                .member(STORES, "u1").member(STORES, "a1");

        FilterDecision d = required.filter(store("orders-store-2", 3), cluster.candidates("a2", "u2"), cluster.cache);

        assertThat(d.allowed()).containsExactly("u2");
        assertThat(d.rejected()).containsOnlyKeys("a2");
    }

    @Test
    void componentsWithoutQuorumAreSpreadButNotHeldToTheZoneRule() {
        cluster.nodes("a", "a1", "a2").member(REDIS, "a1");

        FilterDecision d = required.filter(redis("cache-redis-1", 2), cluster.candidates("a2"), cluster.cache);

        assertThat(d.allowed()).containsExactly("a2");
        assertThat(d.decisions()).containsExactly(Decision.SPREAD);
    }

    @Test
    void aPodFilteredAgainAfterItsPickDidNotBindTriesAnotherNode() {
        cluster.node("n1", "a").node("n2", "b").node("n3", "c");
        MemberPod pod = store("orders-store-0", 3);

        FilterDecision first = required.filter(pod, cluster.candidates("n1", "n2", "n3"), cluster.cache);
        cluster.cache.reserve(pod.podKey(), STORES, first.pick());
        FilterDecision again = required.filter(pod, cluster.candidates("n1", "n2", "n3"), cluster.cache);

        assertThat(first.pick()).isEqualTo("n1");
        assertThat(again.pick()).as("its own reservation does not count against it, but n1 was tried").isEqualTo("n2");
    }

    @Test
    void withoutAGroupSizeEveryMemberIsPicked() {
        cluster.node("n1", "a").node("n2", "b").node("n3", "c").member(REDIS, "n1").member(REDIS, "n2");

        FilterDecision d = required.filter(redis("cache-redis-2", 0), cluster.candidates("n1", "n2", "n3"), cluster.cache);

        assertThat(d.pick()).isEqualTo("n3");
    }

    @Test
    void aMemberIsPickedWhileOtherMembersWaitEvenIfTheGroupLooksComplete() {
        cluster.node("n1", "a").node("n2", "b").node("n3", "c").node("n4", "d")
                .member(REDIS, "n1").member(REDIS, "n2").waiting(REDIS, "cache-redis-9");

        FilterDecision d = required.filter(redis("cache-redis-2", 3), cluster.candidates("n3", "n4"), cluster.cache);

        assertThat(d.allowed()).containsExactly("n3");
        assertThat(d.pick()).isEqualTo("n3");
    }

    @Test
    void noCandidatesIsNoDecision() {
        FilterDecision d = required.filter(store("orders-store-0", 3), List.of(), cluster.cache);
        assertThat(d.allowed()).isEmpty();
        assertThat(d.decisions()).containsExactly(Decision.NO_CANDIDATES);
    }

    @Test
    void scoresRankNodesFirstThenZonesThenManagedPods() {
        cluster.nodes("a", "a1", "a2").nodes("b", "b1", "b2").node("c1", "c")
                .member(REDIS, "a1")
                .member(OTHER, "b2").member(OTHER, "c1").member(OTHER, "c1");

        List<NodeScore> scores = required.prioritize(redis("cache-redis-1", 3),
                cluster.candidates("a1", "a2", "b1", "b2", "c1"), cluster.cache);

        assertThat(scores).containsExactly(
                new NodeScore("a1", 2),   // runs a member
                new NodeScore("a2", 5),   // free, but its zone runs a member
                new NodeScore("b1", 10),  // free node, free zone, no managed pods
                new NodeScore("b2", 8),   // one managed pod of another instance
                new NodeScore("c1", 6));  // two
        assertThat(scores).allSatisfy(s -> assertThat(s.score()).isBetween(PlacementPolicy.MIN_SCORE, PlacementPolicy.MAX_SCORE));
    }

    @Test
    void morePilingOnANodeScoresLowerDownToZero() {
        cluster.node("n1", "a").node("n2", "b").node("n3", "c")
                .member(REDIS, "n2").member(REDIS, "n3").member(REDIS, "n3").member(REDIS, "n3");

        List<NodeScore> scores = required.prioritize(redis("cache-redis-4", 5), cluster.candidates("n1", "n2", "n3"), cluster.cache);

        assertThat(scores).extracting(NodeScore::score).containsExactly(10, 2, 0);
    }

    @Test
    void equalCandidatesAllScoreTheMaximum() {
        cluster.node("n1", "a").node("n2", "b");
        List<NodeScore> scores = required.prioritize(redis("cache-redis-0", 3), cluster.candidates("n1", "n2"), cluster.cache);
        assertThat(scores).extracting(NodeScore::score).containsExactly(10, 10);
    }

    @Test
    void aZoneMayHoldWhatTheGroupCanLoseAndKeepItsQuorum() {
        assertThat(PlacementPolicy.quorum(3)).isEqualTo(2);
        assertThat(PlacementPolicy.quorum(4)).isEqualTo(3);
        assertThat(PlacementPolicy.quorum(5)).isEqualTo(3);
        assertThat(PlacementPolicy.quorum(6)).isEqualTo(4);
        assertThat(PlacementPolicy.maxPerZone(1)).isZero();
        assertThat(PlacementPolicy.maxPerZone(2)).isZero();
        assertThat(PlacementPolicy.maxPerZone(3)).isEqualTo(1);
        assertThat(PlacementPolicy.maxPerZone(4)).isEqualTo(1);
        assertThat(PlacementPolicy.maxPerZone(5)).isEqualTo(2);
        assertThat(PlacementPolicy.maxPerZone(6)).isEqualTo(2);
        assertThat(PlacementPolicy.maxPerZone(7)).isEqualTo(3);
    }
}
