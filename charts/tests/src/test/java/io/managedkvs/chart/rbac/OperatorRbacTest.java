package io.managedkvs.chart.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.managedkvs.chart.support.ChartValues;
import io.managedkvs.chart.support.HelmChart;
import io.managedkvs.chart.support.Manifests;
import io.managedkvs.operator.rbac.OperatorPermissions;
import io.managedkvs.operator.rbac.PermissionRule;
import io.managedkvs.operator.rbac.PermissionRule.Scope;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The rendered roles of the operator grant exactly {@link OperatorPermissions#rules()}: every rule, in
 * the scope the code says, and nothing else (no wildcard, no extra verb or resource).
 */
class OperatorRbacTest {

    private static final String OPERATOR = "managed-kvs-operator";
    private static final String LEADER_ELECTION = "managed-kvs-operator-leader-election";

    @Test
    void clusterWideTheClusterRoleHoldsExactlyTheWatchedNamespaceRules() {
        Manifests manifests = HelmChart.render(ChartValues.defaults());

        ClusterRole role = manifests.get(ClusterRole.class, OPERATOR);
        assertThat(role.getRules()).containsExactlyElementsOf(expected(Scope.WATCHED_NAMESPACES));
        ClusterRoleBinding binding = manifests.get(ClusterRoleBinding.class, OPERATOR);
        assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
        assertThat(binding.getRoleRef().getName()).isEqualTo(OPERATOR);
        assertThat(binding.getSubjects()).singleElement().satisfies(this::isOperatorServiceAccount);

        assertThat(manifests.all(Role.class)).filteredOn(r -> r.getMetadata().getName().startsWith(OPERATOR))
                .extracting(r -> r.getMetadata().getName()).containsExactly(LEADER_ELECTION);
        assertLeaseRulesOnlyInTheReleaseNamespace(manifests);
    }

    @Test
    void namespaceScopedEachListedNamespaceGetsARoleWithExactlyTheWatchedNamespaceRules() {
        Manifests manifests = HelmChart.render(ChartValues.defaults().set("operator.watchNamespaces", List.of("team-a", "team-b")));

        assertThat(manifests.find(ClusterRole.class, OPERATOR)).isEmpty();
        assertThat(manifests.find(ClusterRoleBinding.class, OPERATOR)).isEmpty();
        List<Role> roles = manifests.all(Role.class).stream().filter(r -> r.getMetadata().getName().equals(OPERATOR)).toList();
        assertThat(roles).extracting(r -> r.getMetadata().getNamespace()).containsExactlyInAnyOrder("team-a", "team-b");
        assertThat(roles).allSatisfy(r -> assertThat(r.getRules()).containsExactlyElementsOf(expected(Scope.WATCHED_NAMESPACES)));
        List<RoleBinding> bindings = manifests.all(RoleBinding.class).stream()
                .filter(b -> b.getMetadata().getName().equals(OPERATOR)).toList();
        assertThat(bindings).extracting(b -> b.getMetadata().getNamespace()).containsExactlyInAnyOrder("team-a", "team-b");
        assertThat(bindings).allSatisfy(b -> {
            assertThat(b.getRoleRef().getKind()).isEqualTo("Role");
            assertThat(b.getRoleRef().getName()).isEqualTo(OPERATOR);
            assertThat(b.getSubjects()).singleElement().satisfies(this::isOperatorServiceAccount);
        });
        assertLeaseRulesOnlyInTheReleaseNamespace(manifests);
    }

    @Test
    void everyRuleOfTheCodeIsGrantedInItsScopeAndNothingElseInAnyMode() {
        for (ChartValues values : List.of(ChartValues.defaults(),
                ChartValues.defaults().set("operator.watchNamespaces", List.of("team-a", "team-b")))) {
            Manifests manifests = HelmChart.render(values);
            List<PolicyRule> granted = operatorRules(manifests, name -> true).toList();
            assertThat(granted).as("%s", values).allSatisfy(OperatorRbacTest::noWildcard);
            for (PermissionRule rule : OperatorPermissions.rules()) {
                assertThat(granted).as("%s grants %s", values, rule).contains(toPolicyRule(rule));
            }
            assertThat(Set.copyOf(granted)).as("%s grants nothing beyond OperatorPermissions", values)
                    .isEqualTo(Set.copyOf(OperatorPermissions.rules().stream().map(OperatorRbacTest::toPolicyRule).toList()));
        }
    }

    @Test
    void rbacOffCreatesNoRoleOrBindingButTheOperatorStillRunsWithItsServiceAccount() {
        Manifests manifests = HelmChart.render(ChartValues.defaults().set("rbac.create", false));

        assertThat(manifests.all(ClusterRole.class)).isEmpty();
        assertThat(manifests.all(ClusterRoleBinding.class)).isEmpty();
        assertThat(manifests.all(Role.class)).isEmpty();
        assertThat(manifests.all(RoleBinding.class)).isEmpty();
        assertThat(manifests.get(io.fabric8.kubernetes.api.model.apps.Deployment.class, OPERATOR)
                .getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo(OPERATOR);
    }

    private void assertLeaseRulesOnlyInTheReleaseNamespace(Manifests manifests) {
        Role lease = manifests.get(Role.class, LEADER_ELECTION);
        assertThat(lease.getMetadata().getNamespace()).isEqualTo(HelmChart.NAMESPACE);
        assertThat(lease.getRules()).containsExactlyElementsOf(expected(Scope.OPERATOR_NAMESPACE));
        RoleBinding binding = manifests.get(RoleBinding.class, LEADER_ELECTION);
        assertThat(binding.getMetadata().getNamespace()).isEqualTo(HelmChart.NAMESPACE);
        assertThat(binding.getRoleRef().getName()).isEqualTo(LEADER_ELECTION);
        assertThat(binding.getSubjects()).singleElement().satisfies(this::isOperatorServiceAccount);
        // The lease rule appears nowhere else.
        assertThat(operatorRules(manifests, name -> !name.equals(LEADER_ELECTION)))
                .noneMatch(r -> r.getResources().contains("leases"));
    }

    private void isOperatorServiceAccount(Subject subject) {
        assertThat(subject.getKind()).isEqualTo("ServiceAccount");
        assertThat(subject.getName()).isEqualTo(OPERATOR);
        assertThat(subject.getNamespace()).isEqualTo(HelmChart.NAMESPACE);
    }

    /** The rules the chart grants the operator, cluster-wide and per namespace, from the objects whose name passes. */
    private static Stream<PolicyRule> operatorRules(Manifests manifests, Predicate<String> name) {
        Predicate<HasMetadata> ours = o -> o.getMetadata().getName().startsWith(OPERATOR) && name.test(o.getMetadata().getName());
        return Stream.concat(
                manifests.all(ClusterRole.class).stream().filter(ours).flatMap(c -> c.getRules().stream()),
                manifests.all(Role.class).stream().filter(ours).flatMap(n -> n.getRules().stream()));
    }

    private static List<PolicyRule> expected(Scope scope) {
        return OperatorPermissions.rules().stream().filter(r -> r.scope() == scope).map(OperatorRbacTest::toPolicyRule).toList();
    }

    static PolicyRule toPolicyRule(PermissionRule rule) {
        PolicyRule policyRule = new PolicyRule();
        policyRule.setApiGroups(List.of(rule.apiGroup()));
        policyRule.setResources(List.of(rule.resource()));
        policyRule.setVerbs(rule.verbs());
        return policyRule;
    }

    static void noWildcard(PolicyRule rule) {
        assertThat(Stream.of(rule.getApiGroups(), rule.getResources(), rule.getVerbs(), rule.getResourceNames())
                .filter(l -> l != null).flatMap(List::stream)).as("%s", rule).noneMatch(v -> v.contains("*"));
        assertThat(rule.getNonResourceURLs()).as("%s", rule).isNullOrEmpty();
    }
}
