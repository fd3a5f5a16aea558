package io.managedkvs.operator.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.resource.ManagedKVSBackup;
import io.managedkvs.operator.resources.InformerSources;
import io.managedkvs.operator.resources.OwnedKind;
import io.managedkvs.operator.resources.OwnedKinds;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The RBAC list, the informers and the apply/prune kinds are one list seen three ways. */
class OperatorPermissionsTest {

    @Test
    void everyOwnedKindHasExactlyOneRuleWithItsVerbs() {
        for (OwnedKind kind : OwnedKinds.ALL) {
            assertThat(OperatorPermissions.rules()).filteredOn(r -> r.apiGroup().equals(kind.apiGroup()) && r.resource().equals(kind.resource()))
                    .as(kind.kind()).singleElement()
                    .satisfies(rule -> assertThat(rule.verbs()).containsExactlyElementsOf(kind.verbs()));
        }
    }

    @Test
    void appliedKindsMayBeCreatedPatchedAndDeletedAndEveryOwnedKindWatched() {
        assertThat(OwnedKinds.ALL).allSatisfy(kind -> assertThat(kind.verbs()).contains("list", "watch"));
        assertThat(OwnedKinds.applied()).isNotEmpty()
                .allSatisfy(kind -> assertThat(kind.verbs()).as(kind.kind()).contains("create", "patch", "delete"));
        assertThat(OwnedKinds.ALL).filteredOn(k -> !k.applied()).extracting(OwnedKind::kind).containsExactly("Pod");
        assertThat(OwnedKinds.ALL).filteredOn(k -> k.kind().equals("Pod")).singleElement()
                .satisfies(pods -> assertThat(pods.verbs()).contains("patch", "delete"));
    }

    @Test
    void thePrimaryResourceEventsAndLeasesAreCoveredAndNothingTwice() {
        List<PermissionRule> rules = OperatorPermissions.rules();
        assertThat(rules).extracting(r -> r.apiGroup() + "/" + r.resource()).doesNotHaveDuplicates()
                .contains("managedkvs.io/managedkvses", "managedkvs.io/managedkvses/status", "/events", "coordination.k8s.io/leases");
        assertThat(rules).filteredOn(r -> r.resource().equals("persistentvolumeclaims")).singleElement()
                .as("volumes are never listed, created or changed: only a replaced member's are read and deleted")
                .satisfies(r -> assertThat(r.verbs()).containsExactly("get", "delete"));
        assertThat(rules).filteredOn(r -> r.resource().equals("leases")).singleElement()
                .satisfies(r -> assertThat(r.scope()).isEqualTo(PermissionRule.Scope.OPERATOR_NAMESPACE));
    }

    @Test
    void theInformersWatchExactlyTheOwnedKindsAndBackups() {
        try (KubernetesClient client = new KubernetesClientBuilder().build()) {
            List<EventSource<?, ManagedKVS>> sources = InformerSources.create(new EventSourceContext<>(null, null, client, ManagedKVS.class));
            Set<Class<?>> watched = sources.stream().map(EventSource::resourceType).collect(Collectors.toSet());
            List<Class<?>> expected = new java.util.ArrayList<>(OwnedKinds.ALL.stream().map(OwnedKind::type).toList());
            // Backups are watched for status.lastBackup; the backup reconciler's rule lists and watches them already.
            expected.add(ManagedKVSBackup.class);
            assertThat(watched).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(OperatorPermissions.rules()).filteredOn(r -> r.resource().equals("managedkvsbackups")).singleElement()
                    .satisfies(r -> assertThat(r.verbs()).contains("list", "watch"));
        }
    }
}
