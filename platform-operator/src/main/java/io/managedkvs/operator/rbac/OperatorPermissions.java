package io.managedkvs.operator.rbac;

import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.resource.ManagedKVSBackup;
import io.managedkvs.operator.rbac.PermissionRule.Scope;
import io.managedkvs.operator.resources.OwnedKind;
import io.managedkvs.operator.resources.OwnedKinds;
import java.util.ArrayList;
import java.util.List;

/**
 * Every Kubernetes permission the operator uses, as one list. The Helm chart's RBAC templates are
 * derived from this list and a test checks that the rendered roles grant exactly these rules, so a
 * new API call starts here.
 */
public final class OperatorPermissions {

    /** The lease the operator replicas compete for when leader election is active. */
    public static final String COORDINATION_GROUP = "coordination.k8s.io";

    private OperatorPermissions() {
    }

    public static List<PermissionRule> rules() {
        List<PermissionRule> rules = new ArrayList<>();
        rules.add(new PermissionRule(ManagedKVS.GROUP, ManagedKVS.PLURAL, List.of("get", "list", "watch"), Scope.WATCHED_NAMESPACES,
                "the primary resource, read through its informer; read by name for a backup of it"));
        rules.add(new PermissionRule(ManagedKVS.GROUP, ManagedKVS.PLURAL + "/status", List.of("patch"), Scope.WATCHED_NAMESPACES,
                "status written by the status aggregator (JSON patch)"));
        rules.add(new PermissionRule(ManagedKVS.GROUP, ManagedKVSBackup.PLURAL, List.of("list", "watch", "create", "delete", "patch", "update"),
                Scope.WATCHED_NAMESPACES, "backups: read through their informer, created on schedule, deleted by retention, finalizer added and removed"));
        rules.add(new PermissionRule(ManagedKVS.GROUP, ManagedKVSBackup.PLURAL + "/status", List.of("patch"), Scope.WATCHED_NAMESPACES,
                "backup status written by the backup reconciler"));
        rules.add(new PermissionRule(ManagedKVS.GROUP, ManagedKVSBackup.PLURAL + "/finalizers", List.of("update"), Scope.WATCHED_NAMESPACES,
                "the finalizer that deletes a backup's data before the backup object goes"));
        rules.add(new PermissionRule("batch", "jobs", List.of("get", "list", "watch", "create", "delete"), Scope.WATCHED_NAMESPACES,
                "the Jobs that take backups, delete their data and restore them into new instances"));
        for (OwnedKind kind : OwnedKinds.ALL) {
            rules.add(new PermissionRule(kind.apiGroup(), kind.resource(), kind.verbs(), Scope.WATCHED_NAMESPACES, why(kind.usage())));
        }
        rules.add(new PermissionRule("", "persistentvolumeclaims", List.of("get", "delete"), Scope.WATCHED_NAMESPACES,
                "a member's volumes, read to check they belong to the instance and deleted to replace the member"));
        rules.add(new PermissionRule("", "events", List.of("create"), Scope.WATCHED_NAMESPACES,
                "Events on spec rejection, condition transitions and member restarts"));
        rules.add(new PermissionRule(COORDINATION_GROUP, "leases", List.of("get", "create", "update", "patch"), Scope.OPERATOR_NAMESPACE,
                "leader election between operator replicas"));
        return List.copyOf(rules);
    }

    private static String why(OwnedKind.Usage usage) {
        return switch (usage) {
            case APPLIED_AND_PRUNED -> "applied from an engine's desired resources, watched, pruned";
            case APPLIED_PRUNED_AND_READ -> "applied, watched, pruned; read by name for user-named credentials";
            case OBSERVED_AND_PATCHED -> "members: watched, labelled for engines, deleted to restart";
        };
    }
}
