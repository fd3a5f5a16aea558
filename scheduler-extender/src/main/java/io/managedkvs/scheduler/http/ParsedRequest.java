package io.managedkvs.scheduler.http;

import io.managedkvs.scheduler.metrics.ExtenderMetrics.Mode;
import io.managedkvs.scheduler.policy.Candidate;
import io.managedkvs.scheduler.policy.Zones;
import io.managedkvs.scheduler.cache.PlacementCache;
import java.util.ArrayList;
import java.util.List;

/**
 * An extender request, checked: the pod's identity is present and every candidate has a name. Reading
 * fails with {@link BadExtenderRequest} naming the field at fault.
 *
 * @param args       the request as received
 * @param mode       whether candidates came by name or as full node objects
 * @param candidates the candidates with their zones, in the order received
 */
record ParsedRequest(ExtenderArgs args, Mode mode, List<Candidate> candidates) {

    static ParsedRequest of(ExtenderArgs args, PlacementCache cache, String zoneLabel) {
        if (args == null) {
            throw new BadExtenderRequest("the request body is empty; expected kube-scheduler's ExtenderArgs");
        }
        checkPod(args.pod());
        if (args.nodes() != null && args.nodeNames() != null) {
            throw new BadExtenderRequest("Nodes and NodeNames are both set; kube-scheduler sends exactly one of them");
        }
        if (args.nodeNames() != null) {
            List<String> names = args.nodeNames();
            List<Candidate> candidates = new ArrayList<>(names.size());
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                if (name == null || name.isBlank()) {
                    throw new BadExtenderRequest("NodeNames[" + i + "] is empty");
                }
                candidates.add(new Candidate(name, cache.zoneOf(name)));
            }
            return new ParsedRequest(args, Mode.NAMES, candidates);
        }
        if (args.nodes() != null) {
            List<WireNode> items = args.nodes().items() == null ? List.of() : args.nodes().items();
            List<Candidate> candidates = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                WireNode node = items.get(i);
                if (node == null || node.name() == null || node.name().isBlank()) {
                    throw new BadExtenderRequest("Nodes.items[" + i + "].metadata.name is missing");
                }
                candidates.add(new Candidate(node.name(), Zones.of(node.labels().get(zoneLabel), node.name())));
            }
            return new ParsedRequest(args, Mode.NODES, candidates);
        }
        throw new BadExtenderRequest("neither Nodes nor NodeNames is set; kube-scheduler sends one of them");
    }

    private static void checkPod(WirePod pod) {
        if (pod == null) {
            throw new BadExtenderRequest("Pod is missing");
        }
        if (pod.metadata() == null) {
            throw new BadExtenderRequest("Pod.metadata is missing");
        }
        if (pod.metadata().name() == null || pod.metadata().name().isBlank()) {
            throw new BadExtenderRequest("Pod.metadata.name is missing");
        }
        if (pod.metadata().namespace() == null || pod.metadata().namespace().isBlank()) {
            throw new BadExtenderRequest("Pod.metadata.namespace is missing");
        }
    }

    WirePod pod() {
        return args.pod();
    }
}
