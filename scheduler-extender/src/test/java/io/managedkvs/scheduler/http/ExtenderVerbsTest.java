package io.managedkvs.scheduler.http;

import static io.managedkvs.scheduler.http.WireFormatTest.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.managedkvs.scheduler.cache.NodeFacts;
import io.managedkvs.scheduler.cache.PlacementCache;
import io.managedkvs.scheduler.cache.PodFacts;
import io.managedkvs.scheduler.metrics.ExtenderMetrics;
import io.managedkvs.scheduler.policy.GroupKey;
import io.managedkvs.scheduler.policy.PlacementPolicy;
import io.managedkvs.scheduler.policy.ZoneMajority;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The verbs end to end on captured-format payloads, in both modes, without HTTP. */
class ExtenderVerbsTest {

    private static final String A = "ip-10-0-1-17.eu-west-1.compute.internal";
    private static final String B = "ip-10-0-2-41.eu-west-1.compute.internal";
    private static final String C = "ip-10-0-3-66.eu-west-1.compute.internal";
    /** In zone a beside A, in another rack; only the racks fixture offers it. */
    private static final String A2 = "ip-10-0-1-92.eu-west-1.compute.internal";
    private static final String ZONE = "topology.kubernetes.io/zone";
    private static final String RACK = "example.com/rack";
    private static final GroupKey STORES = new GroupKey("shop", "orders", "store");

    private final ObjectMapper mapper = new ObjectMapper();
    private final PlacementCache cache = new PlacementCache(Duration.ofMinutes(5));
    private final AtomicBoolean synced = new AtomicBoolean(true);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private ExtenderVerbs verbs;

    @BeforeEach
    void setUp() {
        // Labelled as in the racks fixture: C has no rack label.
        cache.applyNode(new NodeFacts(A, "eu-west-1a", true, Map.of(ZONE, "eu-west-1a", RACK, "eu-west-1a-rack-01")));
        cache.applyNode(new NodeFacts(A2, "eu-west-1a", true, Map.of(ZONE, "eu-west-1a", RACK, "eu-west-1a-rack-02")));
        cache.applyNode(new NodeFacts(B, "eu-west-1b", true, Map.of(ZONE, "eu-west-1b", RACK, "eu-west-1b-rack-01")));
        cache.applyNode(new NodeFacts(C, "eu-west-1c", true, Map.of(ZONE, "eu-west-1c")));
        // orders-store-0 runs in zone a; orders-store-1 is the pod in the payloads.
        cache.applyPod(new PodFacts("shop/orders-store-0", STORES, A, true));
        verbs = new ExtenderVerbs(new PlacementPolicy(ZoneMajority.REQUIRED), cache, synced::get,
                new ExtenderMetrics(registry, cache));
    }

    private ExtenderArgs args(String name) throws IOException {
        return mapper.readValue(payload(name), ExtenderArgs.class);
    }

    @Test
    void inNodeCacheModeTheAnswerNamesTheChosenNodeAndReservesIt() throws IOException {
        ExtenderVerbs.FilterReply reply = verbs.filter(args("filter-nodenames.json"));

        assertThat(reply.result().nodeNames()).containsExactly(B);
        assertThat(reply.result().nodes()).isNull();
        assertThat(reply.result().failedAndUnresolvableNodes()).as("C is left out by the pick, not by a rule").containsOnlyKeys(A);
        assertThat(reply.result().failedAndUnresolvableNodes().get(A)).contains("2 of 3 members of shop/orders/store in this zone");
        assertThat(reply.result().error()).isEmpty();
        assertThat(cache.placementOf("shop/orders-store-1")).isEqualTo(B);
        assertThat(cache.isReserved("shop/orders-store-1")).isTrue();
        assertThat(registry.get("managedkvs.scheduler.decisions").tag("verb", "filter").tag("decision", "picked")
                .counter().count()).isEqualTo(1.0);
    }

    @Test
    void withFullNodesTheAnswerReturnsTheNodeObjects() throws IOException {
        ExtenderVerbs.FilterReply reply = verbs.filter(args("filter-nodes.json"));

        assertThat(reply.result().nodeNames()).isNull();
        assertThat(reply.result().nodes().items()).extracting(WireNode::name).containsExactly(B);
        assertThat(reply.summary()).contains("chose " + B);
    }

    @Test
    void aMemberThatNamesRacksIsKeptOutOfItsPeersRackNotItsZoneWithFullNodes() throws IOException {
        // The payload's pod carries managedkvs.io/zone-topology-key: example.com/rack; its peer runs on A.
        ExtenderVerbs.FilterReply reply = verbs.filter(args("filter-nodes-racks.json"));

        assertThat(reply.result().failedAndUnresolvableNodes()).as("only A's rack holds a member").containsOnlyKeys(A);
        assertThat(reply.result().failedAndUnresolvableNodes().get(A))
                .as("the zone rule, by racks: the peer's node is counted in its rack too, not in its zone")
                .contains("2 of 3 members of shop/orders/store");
        assertThat(reply.result().nodes().items()).extracting(WireNode::name)
                .as("A2 shares A's zone but not its rack, and comes first").containsExactly(A2);
        assertThat(reply.summary()).contains("chose " + A2).endsWith("(zones by example.com/rack)");
        assertThat(cache.placementOf("shop/orders-store-1")).isEqualTo(A2);
    }

    @Test
    void aMemberThatNamesRacksIsKeptOutOfItsPeersRackNotItsZoneInNodeCacheMode() throws IOException {
        ExtenderArgs racks = args("filter-nodes-racks.json");
        ExtenderVerbs.FilterReply reply = verbs.filter(new ExtenderArgs(racks.pod(), null, List.of(A, A2, B, C)));

        assertThat(reply.result().failedAndUnresolvableNodes()).containsOnlyKeys(A);
        assertThat(reply.result().failedAndUnresolvableNodes().get(A)).contains("2 of 3 members of shop/orders/store");
        assertThat(reply.result().nodeNames()).containsExactly(A2);
        assertThat(reply.summary()).endsWith("(zones by example.com/rack)");
    }

    @Test
    void withoutTheAnnotationOrWithABlankOneTheClustersZoneLabelDecides() throws IOException {
        ExtenderArgs racks = args("filter-nodes-racks.json");
        WirePod.Metadata m = racks.pod().metadata();
        Map<String, String> blank = new java.util.HashMap<>(m.annotations());
        blank.put("managedkvs.io/zone-topology-key", " ");
        WirePod blankKey = new WirePod(new WirePod.Metadata(m.name(), m.namespace(), m.uid(), m.labels(), blank), racks.pod().spec());
        ExtenderArgs noKey = args("filter-nodes.json");

        ExtenderVerbs.FilterReply byNames = verbs.filter(new ExtenderArgs(blankKey, null, List.of(A, A2, B, C)));
        cache.removePod("shop/orders-store-1");
        ExtenderVerbs.FilterReply byNodes = verbs.filter(new ExtenderArgs(noKey.pod(), racks.nodes(), null));

        assertThat(byNames.result().failedAndUnresolvableNodes()).as("zone a holds a member: A and A2").containsOnlyKeys(A, A2);
        assertThat(byNames.result().nodeNames()).containsExactly(B);
        assertThat(byNames.summary()).doesNotContain("zones by");
        assertThat(byNodes.result().failedAndUnresolvableNodes()).containsOnlyKeys(A, A2);
        assertThat(byNodes.result().nodes().items()).extracting(WireNode::name).containsExactly(B);
    }

    @Test
    void prioritizeScoresRacksInBothModes() throws IOException {
        ExtenderArgs racks = args("filter-nodes-racks.json");

        List<HostPriority> byNodes = verbs.prioritize(racks).result();
        List<HostPriority> byNames = verbs.prioritize(new ExtenderArgs(racks.pod(), null, List.of(A, A2, B, C))).result();

        assertThat(byNodes).containsExactly(new HostPriority(A, 2), new HostPriority(A2, 10), new HostPriority(B, 10),
                new HostPriority(C, 10));
        assertThat(byNames).isEqualTo(byNodes);
    }

    @Test
    void aPodThatIsNotOursPassesThroughUntouched() throws IOException {
        byte[] body = payload("filter-nodes-foreign.json");
        ExtenderVerbs.FilterReply reply = verbs.filter(mapper.readValue(body, ExtenderArgs.class));

        assertThat(mapper.readTree(mapper.writeValueAsBytes(reply.result())).get("Nodes"))
                .isEqualTo(mapper.readTree(body).get("Nodes"));
        assertThat(reply.result().failedAndUnresolvableNodes()).isEmpty();
        assertThat(verbs.prioritize(mapper.readValue(body, ExtenderArgs.class)).result()).isEmpty();
        assertThat(cache.reservationCount()).isZero();
    }

    @Test
    void untilTheCacheHasSyncedEveryPodPassesThrough() throws IOException {
        synced.set(false);
        ExtenderVerbs.FilterReply reply = verbs.filter(args("filter-nodenames.json"));
        assertThat(reply.result().nodeNames()).containsExactly(A, B, C);
        assertThat(reply.summary()).contains("not synced");
    }

    @Test
    void prioritizeScoresEveryCandidateInBothModes() throws IOException {
        List<HostPriority> byName = verbs.prioritize(args("filter-nodenames.json")).result();
        List<HostPriority> byNode = verbs.prioritize(args("filter-nodes.json")).result();

        assertThat(byName).containsExactly(new HostPriority(A, 2), new HostPriority(B, 10), new HostPriority(C, 10));
        assertThat(byNode).isEqualTo(byName);
    }

    @Test
    void membersFilteredBackToBackBeforeAnyBindingLandInThreeZones() throws IOException {
        cache.removePod("shop/orders-store-0");
        List<String> chosen = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ExtenderArgs args = args("filter-nodenames.json");
            WirePod.Metadata m = args.pod().metadata();
            WirePod pod = new WirePod(new WirePod.Metadata("orders-store-" + i, m.namespace(), m.uid(), m.labels(),
                    m.annotations()), args.pod().spec());
            chosen.addAll(verbs.filter(new ExtenderArgs(pod, null, args.nodeNames())).result().nodeNames());
        }
        assertThat(chosen).containsExactlyInAnyOrder(A, B, C);
        assertThat(cache.reservationCount()).as("the first two were picked; the last was left to kube-scheduler, "
                + "with only zone c allowed").isEqualTo(2);

        // The bindings arrive through the informer: the reservations give way to them.
        for (int i = 0; i < 3; i++) {
            cache.applyPod(new PodFacts("shop/orders-store-" + i, STORES, chosen.get(i), true));
        }
        assertThat(cache.reservationCount()).isZero();
        assertThat(cache.members(STORES).placed()).hasSize(3);
    }

    @Test
    void aMemberThatMustWaitGetsAnEmptyListNotAMissingOne() throws IOException {
        // Stores in zones a and b already; zone c's node is not offered (full): the third store waits.
        cache.applyPod(new PodFacts("shop/orders-store-2", STORES, B, true));
        ExtenderArgs args = args("filter-nodenames.json");
        ExtenderArgs withoutC = new ExtenderArgs(args.pod(), null, List.of(A, B));

        ExtenderVerbs.FilterReply reply = verbs.filter(withoutC);

        assertThat(reply.result().nodeNames()).isNotNull().isEmpty();
        assertThat(reply.result().failedAndUnresolvableNodes()).containsOnlyKeys(A, B);
        assertThat(reply.result().failedAndUnresolvableNodes().get(B)).contains("waits for a node in another zone");
        assertThat(reply.result().error()).isEmpty();
        assertThat(registry.get("managedkvs.scheduler.decisions").tag("verb", "filter").tag("decision", "zone-wait")
                .counter().count()).isEqualTo(1.0);
        assertThat(cache.reservationCount()).isZero();
    }

    @Test
    void aZoneFallbackSaysSoInTheAnswerAndIsCounted() throws IOException {
        // Stores in zones a and b already, zone c not offered; with zone-majority=preferred the member is
        // placed in a zone that then holds 2 of 3.
        cache.applyPod(new PodFacts("shop/orders-store-2", STORES, B, true));
        ExtenderVerbs preferred = new ExtenderVerbs(new PlacementPolicy(ZoneMajority.PREFERRED), cache, synced::get,
                new ExtenderMetrics(registry, cache));
        ExtenderArgs args = args("filter-nodenames.json");

        ExtenderVerbs.FilterReply reply = preferred.filter(new ExtenderArgs(args.pod(), null, List.of(A, B)));

        assertThat(reply.result().nodeNames()).containsExactly(A, B);
        assertThat(reply.summary()).startsWith("zone-fallback:").contains("2 of 3 members of shop/orders/store")
                .contains("loses the quorum of 2");
        assertThat(registry.get("managedkvs.scheduler.decisions").tag("verb", "filter").tag("decision", "zone-fallback")
                .counter().count()).isEqualTo(1.0);
        assertThat(registry.get("managedkvs.scheduler.decisions").tag("verb", "filter").tag("decision", "spread")
                .counter().count()).isZero();
    }

    @Test
    void badRequestsNameTheFieldAndChangeNothing() {
        assertThatThrownBy(() -> verbs.filter(new ExtenderArgs(null, null, List.of("n1"))))
                .isInstanceOf(BadExtenderRequest.class).hasMessage("Pod is missing");
        WirePod noNamespace = new WirePod(new WirePod.Metadata("p", null, null, Map.of(), Map.of()), null);
        assertThatThrownBy(() -> verbs.filter(new ExtenderArgs(noNamespace, null, List.of("n1"))))
                .hasMessage("Pod.metadata.namespace is missing");
        WirePod pod = new WirePod(new WirePod.Metadata("p", "shop", null, Map.of(), Map.of()), null);
        assertThatThrownBy(() -> verbs.filter(new ExtenderArgs(pod, null, null)))
                .hasMessageContaining("neither Nodes nor NodeNames");
        assertThatThrownBy(() -> verbs.prioritize(new ExtenderArgs(pod, null, java.util.Arrays.asList("n1", null))))
                .hasMessage("NodeNames[1] is empty");
        assertThatThrownBy(() -> verbs.filter(new ExtenderArgs(pod, WireNodeList.of(List.of()), List.of())))
                .hasMessageContaining("both set");
        assertThat(cache.reservationCount()).isZero();
        assertThat(cache.podCount()).isEqualTo(1);
    }
}
