package io.managedkvs.scheduler.http;

import io.managedkvs.scheduler.cache.PlacementCache;
import io.managedkvs.scheduler.metrics.ExtenderMetrics.Mode;
import io.managedkvs.scheduler.policy.Candidate;
import io.managedkvs.scheduler.policy.ClusterSnapshot;
import io.managedkvs.scheduler.policy.MemberClassifier;
import io.managedkvs.scheduler.policy.Zones;
import java.util.ArrayList;
import java.util.List;

/**
 * An extender request, checked: the pod's identity is present and every candidate has a name. Reading
 * fails with {@link BadExtenderRequest} naming the field at fault.
 *
 * <p>Zones are named by the pod's own zone key ({@link MemberClassifier#zoneKeyOf}), falling back to the
 * cache's default: the candidates' zones come from the cache in node-cache mode and from the request's
 * node labels with full {@code Nodes}, and {@link #snapshot()} answers every other question by that key.
 *
 * <p>Reading checks every candidate's name but works out no zone: most pods are not members, and their
 * answer needs none. {@link #candidates()} does that, for members only.
 *
 * @param args     the request as received
 * @param mode     whether candidates came by name or as full node objects
 * @param zoneKey  the node label that names failure domains for this pod
 * @param snapshot the cache, seen by {@code zoneKey}
 */
record ParsedRequest(ExtenderArgs args, Mode mode, String zoneKey, ClusterSnapshot snapshot) {

    static ParsedRequest of(ExtenderArgs args, PlacementCache cache) {
        if (args == null) {
            throw new BadExtenderRequest(BadExtenderRequest.EMPTY_BODY);
        }
        checkPod(args.pod());
        if (args.nodes() != null && args.nodeNames() != null) {
            throw new BadExtenderRequest("Nodes and NodeNames are both set; kube-scheduler sends exactly one of them");
        }
        Mode mode;
        if (args.nodeNames() != null) {
            List<String> names = args.nodeNames();
            for (int i = 0; i < names.size(); i++) {
                if (names.get(i) == null || names.get(i).isBlank()) {
                    throw new BadExtenderRequest("NodeNames[" + i + "] is empty");
                }
            }
            mode = Mode.NAMES;
        } else if (args.nodes() != null) {
            List<WireNode> items = nodeItems(args);
            for (int i = 0; i < items.size(); i++) {
                WireNode node = items.get(i);
                if (node == null || node.name() == null || node.name().isBlank()) {
                    throw new BadExtenderRequest("Nodes.items[" + i + "].metadata.name is missing");
                }
            }
            mode = Mode.NODES;
        } else {
            throw new BadExtenderRequest("neither Nodes nor NodeNames is set; kube-scheduler sends one of them");
        }
        String zoneKey = MemberClassifier.zoneKeyOf(args.pod().metadata().annotations(), cache.zoneKey());
        return new ParsedRequest(args, mode, zoneKey, cache.forZoneKey(zoneKey));
    }

    /**
     * The candidates with their zones by {@link #zoneKey()}, in the order received: from the cache in
     * node-cache mode, from the request's node labels with full {@code Nodes}.
     */
    List<Candidate> candidates() {
        if (mode == Mode.NAMES) {
            List<String> names = args.nodeNames();
            List<Candidate> candidates = new ArrayList<>(names.size());
            for (int i = 0; i < names.size(); i++) {
                candidates.add(new Candidate(names.get(i), snapshot.zoneOf(names.get(i))));
            }
            return candidates;
        }
        List<WireNode> items = nodeItems(args);
        List<Candidate> candidates = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            WireNode node = items.get(i);
            candidates.add(new Candidate(node.name(), Zones.of(node.labels().get(zoneKey), node.name())));
        }
        return candidates;
    }

    private static List<WireNode> nodeItems(ExtenderArgs args) {
        return args.nodes().items() == null ? List.of() : args.nodes().items();
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
