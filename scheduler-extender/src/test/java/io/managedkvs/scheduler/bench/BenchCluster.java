package io.managedkvs.scheduler.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The cluster the benchmarks run against: {@value #NODES} nodes in three zones and {@value #INSTANCES}
 * instances of four members each (three stores and one PD: {@value #PODS} pods), members of one group
 * on distinct nodes, placed by a fixed seed.
 */
final class BenchCluster {

    static final int NODES = 5000;
    static final int INSTANCES = 2500;
    static final int PODS = INSTANCES * 4;
    static final String[] ZONES = {"eu-west-1a", "eu-west-1b", "eu-west-1c"};

    /** One member pod: where it runs. */
    record Member(String namespace, String name, String instance, String component, int groupSize, String node) {
    }

    private BenchCluster() {
    }

    static String nodeName(int i) {
        return String.format("ip-10-%d-%d-%d.eu-west-1.compute.internal", i % 3, (i / 250) % 250, i % 250);
    }

    static String zoneOf(int i) {
        return ZONES[i % ZONES.length];
    }

    /**
     * The node's rack (label {@value #RACK_LABEL}): twenty racks per zone, a rack never spanning zones.
     * The benchmark's group has its members on nodes 0 and 1, each the only member in its rack and zone.
     */
    static String rackOf(int i) {
        return zoneOf(i) + "-rack-" + (i / ZONES.length) % 20;
    }

    static final String RACK_LABEL = "example.com/rack";

    static List<String> nodeNames() {
        List<String> names = new ArrayList<>(NODES);
        for (int i = 0; i < NODES; i++) {
            names.add(nodeName(i));
        }
        return names;
    }

    static List<Member> members() {
        SplittableRandom random = new SplittableRandom(42);
        List<Member> members = new ArrayList<>(PODS);
        for (int i = 0; i < INSTANCES; i++) {
            String namespace = "team-" + (i % 50);
            String instance = "kvs-" + i;
            int first = random.nextInt(NODES);
            for (int s = 0; s < 3; s++) {
                // Consecutive node indexes are in different zones: stores spread like the extender puts them.
                members.add(new Member(namespace, instance + "-store-" + s, instance, "store", 3, nodeName((first + s) % NODES)));
            }
            members.add(new Member(namespace, instance + "-pd-0", instance, "pd", 1, nodeName(random.nextInt(NODES))));
        }
        return members;
    }
}
