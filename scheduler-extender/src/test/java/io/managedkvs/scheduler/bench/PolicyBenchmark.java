package io.managedkvs.scheduler.bench;

import io.managedkvs.api.resource.Labels;
import io.managedkvs.scheduler.cache.NodeFacts;
import io.managedkvs.scheduler.cache.PlacementCache;
import io.managedkvs.scheduler.cache.PodFacts;
import io.managedkvs.scheduler.http.ExtenderArgs;
import io.managedkvs.scheduler.http.ExtenderVerbs;
import io.managedkvs.scheduler.http.WirePod;
import io.managedkvs.scheduler.metrics.ExtenderMetrics;
import io.managedkvs.scheduler.policy.GroupKey;
import io.managedkvs.scheduler.policy.PlacementPolicy;
import io.managedkvs.scheduler.policy.ZoneMajority;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Filter and prioritize in process, for a member pod with {@value BenchCluster#NODES} candidate nodes
 * (node-cache mode) against a cache of {@value BenchCluster#PODS} pods: the verbs as the HTTP layer calls
 * them, after JSON parsing. {@code member=first}: the first of three stores (one node is chosen,
 * reserved and returned alone; the other acceptable candidates are left out of the answer, not listed as
 * rejected); {@code member=last}: the third (the nodes in its peers' two zones are rejected with a reason,
 * kube-scheduler chooses among the rest). {@code zoneKey=zone}: the pod names the extender's default zone
 * label, whose values the cache keeps per node; {@code zoneKey=rack}: the pod names
 * {@value BenchCluster#RACK_LABEL} (60 racks), read from each node's labels per request. With racks the
 * {@code last} member rejects only the nodes of its peers' two racks.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 4)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class PolicyBenchmark {

    @Param({"first", "last"})
    public String member;

    @Param({"zone", "rack"})
    public String zoneKey;

    private ExtenderVerbs verbs;
    private ExtenderArgs args;

    @Setup
    public void setUp() {
        PlacementCache cache = new PlacementCache(Duration.ofMinutes(5));
        for (int i = 0; i < BenchCluster.NODES; i++) {
            String name = BenchCluster.nodeName(i);
            cache.applyNode(new NodeFacts(name, BenchCluster.zoneOf(i), true,
                    Map.of("kubernetes.io/hostname", name, "topology.kubernetes.io/zone", BenchCluster.zoneOf(i),
                            BenchCluster.RACK_LABEL, BenchCluster.rackOf(i))));
        }
        for (BenchCluster.Member m : BenchCluster.members()) {
            cache.applyPod(new PodFacts(m.namespace() + "/" + m.name(),
                    new GroupKey(m.namespace(), m.instance(), m.component()), m.node(), true));
        }
        GroupKey bench = new GroupKey("bench", "orders", "store");
        String podName = "orders-store-0";
        if ("last".equals(member)) {
            cache.applyPod(new PodFacts("bench/orders-store-0", bench, BenchCluster.nodeName(0), true));
            cache.applyPod(new PodFacts("bench/orders-store-1", bench, BenchCluster.nodeName(1), true));
            podName = "orders-store-2";
        }
        verbs = new ExtenderVerbs(new PlacementPolicy(ZoneMajority.REQUIRED), cache, () -> true,
                new ExtenderMetrics(new SimpleMeterRegistry(), cache));
        Map<String, String> labels = Labels.of("raft-kv", "orders", "store");
        // As the operator renders members: every pod names its key, the default one included.
        String key = "rack".equals(zoneKey) ? BenchCluster.RACK_LABEL : "topology.kubernetes.io/zone";
        WirePod pod = new WirePod(new WirePod.Metadata(podName, "bench", "uid-1", labels,
                Map.of(Labels.GROUP_SIZE_ANNOTATION, "3", Labels.QUORUM_ANNOTATION, "true", Labels.ZONE_TOPOLOGY_KEY_ANNOTATION, key)),
                new WirePod.Spec(Map.of(), "managed-kvs-scheduler"));
        List<String> names = BenchCluster.nodeNames();
        args = new ExtenderArgs(pod, null, names);
        if (verbs.filter(args).summary().startsWith("passthrough")) {
            throw new IllegalStateException("the benchmark's pod is not taken for a member: it would time the pass-through path");
        }
    }

    @Benchmark
    public Object filter() {
        return verbs.filter(args);
    }

    @Benchmark
    public Object prioritize() {
        return verbs.prioritize(args);
    }

    @Benchmark
    public Object filterThenPrioritize() {
        verbs.filter(args);
        return verbs.prioritize(args);
    }
}
