package io.managedkvs.scheduler.policy;

import io.managedkvs.scheduler.cache.NodeFacts;
import io.managedkvs.scheduler.cache.PlacementCache;
import io.managedkvs.scheduler.cache.PodFacts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A cluster snapshot for policy tests, built on the real {@link PlacementCache} (pure Java, no API
 * server), with a clock the test moves.
 */
final class TestCluster {

    static final String ZONE_LABEL = "topology.kubernetes.io/zone";

    final AtomicLong clock = new AtomicLong(1_000_000_000L);
    final PlacementCache cache = new PlacementCache(Duration.ofMinutes(5), clock::get);
    private int podSeq;

    /** A schedulable node; {@code zone} null for a node without zone label. */
    TestCluster node(String name, String zone) {
        Map<String, String> labels = zone == null ? Map.of("kubernetes.io/hostname", name)
                : Map.of("kubernetes.io/hostname", name, ZONE_LABEL, zone);
        cache.applyNode(new NodeFacts(name, Zones.of(zone, name), true, labels));
        return this;
    }

    TestCluster nodes(String zone, String... names) {
        for (String n : names) {
            node(n, zone);
        }
        return this;
    }

    /** A member of {@code group} bound to {@code node}. */
    TestCluster member(GroupKey group, String node) {
        cache.applyPod(new PodFacts(group.namespace() + "/" + group.instance() + "-" + group.component() + "-" + podSeq++,
                group, node, true));
        return this;
    }

    /** A member of {@code group} waiting for a node. */
    TestCluster waiting(GroupKey group, String podName) {
        cache.applyPod(new PodFacts(group.namespace() + "/" + podName, group, null, true));
        return this;
    }

    /** Candidates as kube-scheduler would send them, zones resolved from the cache. */
    List<Candidate> candidates(String... names) {
        List<Candidate> list = new ArrayList<>();
        for (String n : names) {
            list.add(new Candidate(n, cache.zoneOf(n)));
        }
        return list;
    }
}
