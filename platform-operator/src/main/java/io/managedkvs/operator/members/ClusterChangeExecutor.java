package io.managedkvs.operator.members;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.managedkvs.api.engine.ClusterChange;
import io.managedkvs.api.engine.ClusterView;
import io.managedkvs.api.engine.Member;
import io.managedkvs.api.resource.Labels;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.operator.events.EventRecorder;
import io.managedkvs.operator.resources.ClusterCache;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Carries out the Kubernetes side of an engine's {@link ClusterChange}s, only ever on member pods of
 * the instance being reconciled.
 */
public final class ClusterChangeExecutor {

    private static final Logger LOG = Logger.getLogger(ClusterChangeExecutor.class);

    private final Context<ManagedKVS> context;
    private final ClusterCache cache;
    private final EventRecorder events;

    public ClusterChangeExecutor(Context<ManagedKVS> context, ClusterCache cache, EventRecorder events) {
        this.context = context;
        this.cache = cache;
        this.events = events;
    }

    /** Carries out {@code changes}; returns how many changed something. */
    public int execute(ManagedKVS resource, ClusterView view, List<ClusterChange> changes) {
        int done = 0;
        for (ClusterChange change : changes) {
            Optional<Member> member = view.member(change.member());
            if (member.isEmpty()) {
                LOG.warnf("engine asked to change pod %s, which is not a member of this instance; ignored", change.member());
                continue;
            }
            boolean changed = false;
            if (change instanceof ClusterChange.LabelMember label) {
                changed = label(resource, label);
            } else if (change instanceof ClusterChange.RestartMember restart) {
                changed = restart(resource, member.get(), restart);
            } else if (change instanceof ClusterChange.ReplaceMember replace) {
                changed = replace(resource, member.get(), replace);
            }
            if (changed) {
                done++;
            }
        }
        return done;
    }

    private boolean label(ManagedKVS resource, ClusterChange.LabelMember change) {
        Optional<Pod> cached = cache.get(Pod.class, resource.getMetadata().getNamespace(), change.member());
        if (cached.isEmpty()) {
            return false;
        }
        if (wanted(cached.get(), change).equals(labels(cached.get()))) {
            return false;
        }
        if (Labels.ROLE_PRIMARY.equals(change.labels().get(Labels.ROLE))) {
            demoteOtherPrimaries(resource, change.member());
        }
        return patchLabels(cached.get(), change);
    }

    /**
     * Before a pod is labelled primary, takes the label off every other pod of the instance that the
     * API server (not the cache, which may lag behind an earlier promotion) says carries it, so that
     * the read-write Service never selects two pods.
     */
    private void demoteOtherPrimaries(ManagedKVS resource, String promoted) {
        List<Pod> primaries = context.getClient().pods().inNamespace(resource.getMetadata().getNamespace())
                .withLabel(Labels.INSTANCE, resource.getMetadata().getName())
                .withLabel(Labels.ROLE, Labels.ROLE_PRIMARY).list().getItems();
        for (Pod pod : primaries) {
            if (!pod.getMetadata().getName().equals(promoted)) {
                LOG.infof("pod %s still carries %s=%s; demoting it before %s is promoted", pod.getMetadata().getName(),
                        Labels.ROLE, Labels.ROLE_PRIMARY, promoted);
                patchLabels(pod, new ClusterChange.LabelMember(pod.getMetadata().getName(), Map.of(Labels.ROLE, Labels.ROLE_REPLICA)));
            }
        }
    }

    private static Map<String, String> labels(Pod pod) {
        return pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
    }

    private static Map<String, String> wanted(Pod pod, ClusterChange.LabelMember change) {
        Map<String, String> wanted = new HashMap<>(labels(pod));
        change.labels().forEach((key, value) -> {
            if (value == null) {
                wanted.remove(key);
            } else {
                wanted.put(key, value);
            }
        });
        return wanted;
    }

    private boolean patchLabels(Pod pod, ClusterChange.LabelMember change) {
        Map<String, String> wanted = wanted(pod, change);
        if (wanted.equals(labels(pod))) {
            return false;
        }
        Pod copy = context.getClient().getKubernetesSerialization().clone(pod);
        // A JSON patch of the label entries alone: add, replace and remove, without a resourceVersion
        // precondition, so that a concurrent status update of the pod does not make it fail.
        context.resourceOperations().jsonPatch(copy, p -> {
            p.getMetadata().setLabels(wanted);
            p.getMetadata().setResourceVersion(null);
            return p;
        });
        LOG.infof("labelled pod %s: %s", change.member(), describe(change.labels()));
        return true;
    }

    private boolean restart(ManagedKVS resource, Member member, ClusterChange.RestartMember change) {
        if (member.terminating()) {
            return false;
        }
        context.getClient().pods().inNamespace(resource.getMetadata().getNamespace()).withName(member.name()).delete();
        LOG.infof("restarted pod %s: %s", member.name(), change.reason());
        events.normal(resource, "MemberRestarted", "restarted pod " + member.name() + ": " + change.reason());
        return true;
    }

    /**
     * Deletes the member's claims, then the pod. Kubernetes keeps a claim that a pod still uses until the
     * pod is gone, so the recreated pod gets a new, empty volume. A claim of another instance is never
     * deleted, whatever the engine names.
     */
    private boolean replace(ManagedKVS resource, Member member, ClusterChange.ReplaceMember change) {
        if (member.terminating()) {
            return false;
        }
        String namespace = resource.getMetadata().getNamespace();
        for (String claim : change.claims()) {
            PersistentVolumeClaim pvc = context.getClient().persistentVolumeClaims().inNamespace(namespace).withName(claim).get();
            if (pvc == null) {
                continue;
            }
            Map<String, String> labels = pvc.getMetadata().getLabels() == null ? Map.of() : pvc.getMetadata().getLabels();
            if (!resource.getMetadata().getName().equals(labels.get(Labels.INSTANCE))
                    || !Labels.MANAGED_BY_VALUE.equals(labels.get(Labels.MANAGED_BY))) {
                LOG.warnf("engine asked to delete claim %s, which does not belong to this instance; kept", claim);
                continue;
            }
            context.getClient().persistentVolumeClaims().inNamespace(namespace).withName(claim).delete();
            LOG.infof("deleted claim %s of pod %s", claim, member.name());
        }
        context.getClient().pods().inNamespace(namespace).withName(member.name()).delete();
        LOG.infof("replaced pod %s: %s", member.name(), change.reason());
        events.warning(resource, "MemberReplaced", "replaced pod " + member.name() + " and its volumes "
                + change.claims() + ": " + change.reason());
        return true;
    }

    private static String describe(Map<String, String> labels) {
        StringBuilder out = new StringBuilder();
        labels.forEach((k, v) -> out.append(out.isEmpty() ? "" : ", ").append(k).append('=').append(Objects.requireNonNullElse(v, "<removed>")));
        return out.toString();
    }
}
