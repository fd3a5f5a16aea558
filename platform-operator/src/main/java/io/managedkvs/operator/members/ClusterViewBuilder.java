package io.managedkvs.operator.members;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.managedkvs.api.engine.ClusterView;
import io.managedkvs.api.engine.Credentials;
import io.managedkvs.api.engine.TlsMaterial;
import io.managedkvs.api.engine.Member;
import io.managedkvs.api.engine.Workload;
import io.managedkvs.api.resource.Labels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Builds the engine's {@link ClusterView} from the cached pods and workloads of one instance. */
public final class ClusterViewBuilder {

    /** The pod label a StatefulSet sets to the template revision the pod was created from. */
    public static final String REVISION_LABEL = "controller-revision-hash";

    private ClusterViewBuilder() {
    }

    public static ClusterView build(List<Pod> pods, List<StatefulSet> statefulSets, Optional<Credentials> credentials) {
        return build(pods, statefulSets, credentials, Optional.empty());
    }

    public static ClusterView build(List<Pod> pods, List<StatefulSet> statefulSets, Optional<Credentials> credentials,
                                    Optional<TlsMaterial> tls) {
        Map<String, StatefulSet> setsByName = statefulSets.stream()
                .collect(Collectors.toMap(s -> s.getMetadata().getName(), Function.identity(), (a, b) -> a));
        List<Member> members = pods.stream()
                .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
                .map(pod -> member(pod, setsByName))
                .toList();
        List<Workload> workloads = new ArrayList<>();
        statefulSets.forEach(s -> workloads.add(new Workload(s.getMetadata().getName(), component(s),
                replicas(s.getSpec() == null ? null : s.getSpec().getReplicas()),
                count(s.getStatus() == null ? null : s.getStatus().getReadyReplicas()),
                s.getStatus() == null ? null : s.getStatus().getUpdateRevision())));
        workloads.sort(Comparator.comparing(Workload::name));
        return new ClusterView(members, workloads, credentials, tls);
    }

    static Member member(Pod pod, Map<String, StatefulSet> setsByName) {
        return new Member(pod.getMetadata().getName(), component(pod),
                pod.getStatus() == null ? null : pod.getStatus().getPodIP(),
                ready(pod), pod.getMetadata().getDeletionTimestamp() != null,
                upToDate(pod, setsByName), pod.getMetadata().getLabels());
    }

    private static boolean ready(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** A pod runs its StatefulSet's current revision; pods of other workloads count as up to date. */
    private static boolean upToDate(Pod pod, Map<String, StatefulSet> setsByName) {
        Optional<String> owner = pod.getMetadata().getOwnerReferences().stream()
                .filter(ref -> "StatefulSet".equals(ref.getKind()) && Boolean.TRUE.equals(ref.getController()))
                .map(OwnerReference::getName)
                .findFirst();
        StatefulSet set = owner.map(setsByName::get).orElse(null);
        String updateRevision = set == null || set.getStatus() == null ? null : set.getStatus().getUpdateRevision();
        if (updateRevision == null || updateRevision.isEmpty()) {
            return true;
        }
        Map<String, String> labels = pod.getMetadata().getLabels();
        return labels != null && updateRevision.equals(labels.get(REVISION_LABEL));
    }

    private static String component(HasMetadata object) {
        Map<String, String> labels = object.getMetadata().getLabels();
        String component = labels == null ? null : labels.get(Labels.COMPONENT);
        return component == null ? "" : component;
    }

    private static int replicas(Integer replicas) {
        return replicas == null ? 1 : replicas;
    }

    private static int count(Integer value) {
        return value == null ? 0 : value;
    }
}
