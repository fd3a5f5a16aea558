package io.managedkvs.operator.resources;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.managedkvs.operator.resources.OwnedKind.Usage;
import java.util.List;
import java.util.Optional;

/**
 * The one list of Kubernetes kinds the operator manages for its instances. The informers, the apply
 * step, the prune step and the RBAC rules ({@code io.managedkvs.operator.rbac.OperatorPermissions})
 * are all derived from it, so adding a kind here is the only change needed to let an engine use it.
 * PersistentVolumeClaims are deliberately absent: StatefulSets create them from their templates and
 * the platform never deletes data volumes. A kind joins the list when an engine first renders it
 * (Deployments, for instance, wait for the first engine with a stateless component), so that the
 * operator is granted nothing it does not use.
 */
public final class OwnedKinds {

    public static final List<OwnedKind> ALL = List.of(
            new OwnedKind(ConfigMap.class, "", "configmaps", 10, Usage.APPLIED_AND_PRUNED),
            new OwnedKind(Secret.class, "", "secrets", 10, Usage.APPLIED_PRUNED_AND_READ),
            new OwnedKind(Service.class, "", "services", 20, Usage.APPLIED_AND_PRUNED),
            new OwnedKind(PodDisruptionBudget.class, "policy", "poddisruptionbudgets", 30, Usage.APPLIED_AND_PRUNED),
            new OwnedKind(StatefulSet.class, "apps", "statefulsets", 40, Usage.APPLIED_AND_PRUNED),
            new OwnedKind(Pod.class, "", "pods", 100, Usage.OBSERVED_AND_PATCHED));

    private OwnedKinds() {
    }

    /** The kinds engines may ask for in their desired resources. */
    public static List<OwnedKind> applied() {
        return ALL.stream().filter(OwnedKind::applied).toList();
    }

    /** The owned kind of an object, matched by apiVersion and kind so that generic resources match too. */
    public static Optional<OwnedKind> of(HasMetadata object) {
        return ALL.stream()
                .filter(k -> k.kind().equals(object.getKind()) && k.apiVersion().equals(object.getApiVersion()))
                .findFirst();
    }
}
