package io.managedkvs.scheduler.cache;

import static io.managedkvs.scheduler.cache.TestObjects.RACK_LABEL;
import static io.managedkvs.scheduler.cache.TestObjects.ZONE_LABEL;
import static io.managedkvs.scheduler.cache.TestObjects.foreign;
import static io.managedkvs.scheduler.cache.TestObjects.member;
import static io.managedkvs.scheduler.cache.TestObjects.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.managedkvs.scheduler.policy.GroupKey;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The cache follows pods and nodes through the API server's watch (fabric8's mock server in CRUD mode). */
@EnableKubernetesMockClient(crud = true)
class ClusterInformersTest {

    private static final GroupKey STORES = new GroupKey("shop", "orders", "store");

    KubernetesClient client;

    private PlacementCache cache;
    private ClusterInformers informers;

    @BeforeEach
    void start() {
        client.nodes().resource(node("a1", "zone-a")).create();
        client.nodes().resource(node("b1", "zone-b")).create();
        client.pods().inNamespace("shop").resource(member("shop", "orders-store-0", "raft-kv", "orders", "store", 3, true, "a1")).create();
        cache = new PlacementCache(Duration.ofMinutes(5));
        informers = new ClusterInformers(client, cache);
        informers.start();
        await().atMost(Duration.ofSeconds(10)).until(informers::synced);
    }

    @AfterEach
    void stop() {
        informers.close();
    }

    @Test
    void theInitialListFillsTheCache() {
        assertThat(cache.zoneOf("a1")).isEqualTo("zone-a");
        assertThat(cache.members(STORES).placed()).containsExactlyEntriesOf(Map.of("shop/orders-store-0", "a1"));
        assertThat(cache.managedPodsOn("a1")).isEqualTo(1);
    }

    @Test
    void podsAppearMoveAndDisappear() {
        client.pods().inNamespace("shop").resource(member("shop", "orders-store-1", "raft-kv", "orders", "store", 3, true, null)).create();
        await().untilAsserted(() -> assertThat(cache.members(STORES).waiting()).containsExactly("shop/orders-store-1"));

        // The binding: kube-scheduler sets the node.
        client.pods().inNamespace("shop").withName("orders-store-1").edit(p -> { p.getSpec().setNodeName("b1"); return p; });
        await().untilAsserted(() -> assertThat(cache.placementOf("shop/orders-store-1")).isEqualTo("b1"));

        // A StatefulSet pod moves: deleted, then recreated with the same name on another node.
        client.pods().inNamespace("shop").withName("orders-store-0").delete();
        await().untilAsserted(() -> assertThat(cache.placementOf("shop/orders-store-0")).isNull());
        assertThat(cache.managedPodsOn("a1")).isZero();
        client.pods().inNamespace("shop").resource(member("shop", "orders-store-0", "raft-kv", "orders", "store", 3, true, "b1")).create();
        await().untilAsserted(() -> assertThat(cache.members(STORES).placed())
                .containsExactlyInAnyOrderEntriesOf(Map.of("shop/orders-store-0", "b1", "shop/orders-store-1", "b1")));
        assertThat(cache.managedPodsOn("b1")).isEqualTo(2);
    }

    @Test
    void aPodThatFinishesNoLongerHoldsItsPlace() {
        client.pods().inNamespace("shop").withName("orders-store-0").editStatus(p -> { p.getStatus().setPhase("Failed"); return p; });
        await().untilAsserted(() -> assertThat(cache.members(STORES).isEmpty()).isTrue());
        assertThat(cache.managedPodsOn("a1")).isZero();
    }

    @Test
    void podsOfOtherOwnersAreNotCached() {
        client.pods().inNamespace("shop").resource(foreign("shop", "web-0", "a1")).create();
        client.pods().inNamespace("shop").resource(member("shop", "orders-store-2", "raft-kv", "orders", "store", 3, true, "b1")).create();

        await().untilAsserted(() -> assertThat(cache.placementOf("shop/orders-store-2")).isEqualTo("b1"));
        assertThat(cache.podCount()).isEqualTo(2);
        assertThat(cache.managedPodsOn("a1")).isEqualTo(1);
    }

    @Test
    void theSameInstanceNameInAnotherNamespaceIsAnotherGroup() {
        client.pods().inNamespace("staging").resource(member("staging", "orders-store-0", "raft-kv", "orders", "store", 3, true, "a1")).create();

        await().untilAsserted(() -> assertThat(cache.members(new GroupKey("staging", "orders", "store")).placed()).hasSize(1));
        assertThat(cache.members(STORES).placed()).hasSize(1);
        assertThat(cache.managedPodsOn("a1")).isEqualTo(2);
    }

    @Test
    void nodesAppearChangeZoneGetCordonedAndDisappear() {
        client.nodes().resource(node("c1", null)).create();
        await().untilAsserted(() -> assertThat(cache.nodeCount()).isEqualTo(3));
        assertThat(cache.zoneOf("c1")).as("no zone label: its own zone").isEqualTo("node:c1");
        assertThat(cache.zonesWithSchedulableNodes(Map.of())).isEqualTo(3);

        client.nodes().withName("c1").edit(n -> { n.getMetadata().getLabels().put(ZONE_LABEL, "zone-c"); return n; });
        await().untilAsserted(() -> assertThat(cache.zoneOf("c1")).isEqualTo("zone-c"));

        client.nodes().withName("b1").edit(n -> { n.getSpec().setUnschedulable(true); return n; });
        await().untilAsserted(() -> assertThat(cache.zonesWithSchedulableNodes(Map.of())).isEqualTo(2));

        client.nodes().withName("c1").edit(this::notReady);
        await().untilAsserted(() -> assertThat(cache.zonesWithSchedulableNodes(Map.of())).isEqualTo(1));

        client.nodes().withName("c1").delete();
        await().untilAsserted(() -> assertThat(cache.zoneOf("c1")).isEqualTo("node:c1"));
        assertThat(cache.nodeCount()).isEqualTo(2);
    }

    @Test
    void nodeLabelsReachTheCacheSoThatAnyKeyCanNameZones() {
        var racks = cache.forZoneKey(RACK_LABEL);
        assertThat(racks.zoneOf("a1")).as("no rack label yet").isEqualTo("node:a1");

        client.nodes().withName("a1").edit(n -> { n.getMetadata().getLabels().put(RACK_LABEL, "r7"); return n; });
        client.nodes().withName("b1").edit(n -> { n.getMetadata().getLabels().put(RACK_LABEL, "r7"); return n; });

        await().untilAsserted(() -> assertThat(racks.zoneOf("b1")).isEqualTo("r7"));
        assertThat(racks.zoneOf("a1")).isEqualTo("r7");
        assertThat(racks.zonesWithSchedulableNodes(Map.of())).as("both nodes in one rack").isEqualTo(1);
        assertThat(cache.zoneOf("a1")).as("the default key still answers by zone").isEqualTo("zone-a");
    }

    @Test
    void theCachesDefaultKeyIsWhatTheInformersPrecompute() {
        client.nodes().resource(node("r1", "zone-a", "rack-1")).create();
        PlacementCache byRacks = new PlacementCache(RACK_LABEL, Duration.ofMinutes(5));
        try (ClusterInformers own = new ClusterInformers(client, byRacks)) {
            own.start();
            await().atMost(Duration.ofSeconds(10)).until(own::synced);

            assertThat(byRacks.zoneOf("r1")).isEqualTo("rack-1");
            assertThat(byRacks.zoneOf("a1")).as("no rack label: its own").isEqualTo("node:a1");
            assertThat(byRacks.forZoneKey(ZONE_LABEL).zoneOf("r1")).isEqualTo("zone-a");
        }
    }

    private Node notReady(Node n) {
        n.getStatus().getConditions().get(0).setStatus("Unknown");
        return n;
    }

    @Test
    void factsOfAPodBeingDeletedMarkItInactive() {
        Pod pod = member("shop", "orders-store-5", "raft-kv", "orders", "store", 3, true, "a1");
        pod.getMetadata().setDeletionTimestamp("2026-11-24T10:00:00Z");
        assertThat(ClusterInformers.factsOf(pod).active()).isFalse();
    }
}
