package io.managedkvs.scheduler.policy;

import static io.managedkvs.scheduler.policy.TestCluster.candidates;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The policy for a member whose instance names its failure domains by another node label than the
 * cluster's zones (racks here): the snapshot it is given is bound to that label, and every zone rule and
 * score follows it. The same cluster judged by zones gives another answer, which is what makes each test
 * able to fail.
 */
class ZoneKeyPolicyTest {

    private static final GroupKey STORES = new GroupKey("shop", "orders", "store");

    private final PlacementPolicy required = new PlacementPolicy(ZoneMajority.REQUIRED);
    private final TestCluster cluster = new TestCluster();

    private static MemberPod store(String name, int size) {
        return new MemberPod("shop/" + name, STORES, size, true, Map.of());
    }

    /** Racks cut across zones: a1 and b1 share rack r1; a1 and a2 share zone a. */
    private void racksAcrossZones() {
        cluster.node("a1", "a", "r1").node("a2", "a", "r2").node("b1", "b", "r1").node("c1", "c", "r3")
                .member(STORES, "a1");
    }

    @Test
    void theZoneRuleCountsMembersPerRackWhenThePodNamesRacks() {
        racksAcrossZones();
        ClusterSnapshot racks = cluster.byRacks();

        FilterDecision d = required.filter(store("orders-store-1", 3), candidates(racks, "a2", "b1", "c1"), racks);

        assertThat(d.rejected()).as("b1 is in rack r1 with the member on a1, though in another zone").containsOnlyKeys("b1");
        assertThat(d.rejected().get("b1")).contains("2 of 3 members of shop/orders/store");
        assertThat(d.allowed()).as("a2 shares the member's zone but not its rack; first of the equals").containsExactly("a2");
        assertThat(d.pick()).isEqualTo("a2");

        FilterDecision byZones = required.filter(store("orders-store-1", 3), cluster.candidates("a2", "b1", "c1"), cluster.cache);
        assertThat(byZones.rejected()).as("the same cluster by zones").containsOnlyKeys("a2");
        assertThat(byZones.pick()).isEqualTo("b1");
    }

    @Test
    void aMemberWaitsForAThirdRackThoughTheClusterHasOnlyTwoZones() {
        // Rack r3 (in zone a) has a node, but kube-scheduler does not offer it (full).
        cluster.node("a1", "a", "r1").node("a2", "a", "r1").node("b1", "b", "r2").node("b2", "b", "r2")
                .node("a3", "a", "r3").member(STORES, "a1").member(STORES, "b1");
        ClusterSnapshot racks = cluster.byRacks();

        FilterDecision d = required.filter(store("orders-store-2", 3), candidates(racks, "a2", "b2"), racks);

        assertThat(d.decisions()).as("three racks can hold three members one by one").containsExactly(Decision.ZONE_WAIT);
        assertThat(d.allowed()).isEmpty();
        assertThat(racks.zonesWithSchedulableNodes(Map.of())).isEqualTo(3);

        FilterDecision byZones = required.filter(store("orders-store-2", 3), cluster.candidates("a2", "b2"), cluster.cache);
        assertThat(byZones.decisions()).as("two zones cannot: by zones it falls back")
                .contains(Decision.ZONE_FALLBACK).doesNotContain(Decision.ZONE_WAIT);
        assertThat(byZones.summary()).contains("only 2 zone(s)");
    }

    @Test
    void aNodeWithoutTheRackLabelIsARackOfItsOwn() {
        cluster.node("a1", "a", "r1").node("a2", "a", "r1").node("u1", "a", null).node("u2", "a", null)
                .member(STORES, "a1").member(STORES, "u1");
        ClusterSnapshot racks = cluster.byRacks();

        FilterDecision d = required.filter(store("orders-store-2", 3), candidates(racks, "a2", "u2"), racks);

        assertThat(racks.zoneOf("u2")).isEqualTo("node:u2");
        assertThat(racks.zoneOf("unknown")).isEqualTo("node:unknown");
        assertThat(d.allowed()).as("u2 is alone in its own rack; a2 would be the second member in r1").containsExactly("u2");
        assertThat(d.rejected()).containsOnlyKeys("a2");

        FilterDecision byZones = required.filter(store("orders-store-2", 3), cluster.candidates("a2", "u2"), cluster.cache);
        assertThat(byZones.decisions()).as("all four nodes are in zone a").contains(Decision.ZONE_FALLBACK);
    }

    @Test
    void scoresPreferRacksWithFewerMembers() {
        racksAcrossZones();
        ClusterSnapshot racks = cluster.byRacks();

        List<NodeScore> byRacks = required.prioritize(store("orders-store-1", 3), candidates(racks, "a2", "b1", "c1"), racks);
        List<NodeScore> byZones = required.prioritize(store("orders-store-1", 3), cluster.candidates("a2", "b1", "c1"), cluster.cache);

        assertThat(byRacks).containsExactly(new NodeScore("a2", 10), new NodeScore("b1", 5), new NodeScore("c1", 10));
        assertThat(byZones).containsExactly(new NodeScore("a2", 5), new NodeScore("b1", 10), new NodeScore("c1", 10));
    }

    @Test
    void thePodsOwnKeyComesFromItsAnnotationOrTheDefault() {
        String annotation = io.managedkvs.api.resource.Labels.ZONE_TOPOLOGY_KEY_ANNOTATION;

        assertThat(MemberClassifier.zoneKeyOf(Map.of(annotation, "example.com/rack"), "topology.kubernetes.io/zone"))
                .isEqualTo("example.com/rack");
        assertThat(MemberClassifier.zoneKeyOf(Map.of(annotation, " example.com/rack "), "z")).isEqualTo("example.com/rack");
        assertThat(MemberClassifier.zoneKeyOf(Map.of(annotation, "  "), "z")).isEqualTo("z");
        assertThat(MemberClassifier.zoneKeyOf(Map.of("managedkvs.io/group-size", "3"), "z")).isEqualTo("z");
        assertThat(MemberClassifier.zoneKeyOf(null, "z")).isEqualTo("z");
    }
}
