package io.managedkvs.scheduler.policy;

import io.managedkvs.scheduler.cache.NodeFacts;
import io.managedkvs.scheduler.cache.PlacementCache;
import io.managedkvs.scheduler.cache.PodFacts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A cluster snapshot for policy tests, built on the real {@link PlacementCache} (pure Java, no API
 * server), with a clock the test moves.
 */
final class TestCluster {

    static final String ZONE_LABEL = "topology.kubernetes.io/zone";
    /** A node label an instance may name as its failure domains instead of zones. */
    static final String RACK_LABEL = "example.com/rack";

    final AtomicLong clock = new AtomicLong(1_000_000_000L);
    final PlacementCache cache = new PlacementCache(Duration.ofMinutes(5), clock::get);
    private int podSeq;

    /** A schedulable node; {@code zone} null for a node without zone label. */
    TestCluster node(String name, String zone) {
        return node(name, zone, null);
    }

    /** A schedulable node in a zone and a rack; either null for a node without that label. */
    TestCluster node(String name, String zone, String rack) {
        Map<String, String> labels = new HashMap<>();
        labels.put("kubernetes.io/hostname", name);
        if (zone != null) {
            labels.put(ZONE_LABEL, zone);
        }
        if (rack != null) {
            labels.put(RACK_LABEL, rack);
        }
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
        return candidates(cache, names);
    }

    /** Candidates with their zones as {@code snapshot} names them. */
    static List<Candidate> candidates(ClusterSnapshot snapshot, String... names) {
        List<Candidate> list = new ArrayList<>();
        for (String n : names) {
            list.add(new Candidate(n, snapshot.zoneOf(n)));
        }
        return list;
    }

    /** The cluster with zones named by racks. */
    ClusterSnapshot byRacks() {
        return cache.forZoneKey(RACK_LABEL);
    }
}
