package io.managedkvs.chart.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.managedkvs.chart.support.ChartValues;
import io.managedkvs.chart.support.HelmChart;
import io.managedkvs.chart.support.Manifests;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the scheduler pod's ServiceAccount is granted: kube-scheduler's built-in roles, its own Lease, the extender's reads. */
class SchedulerRbacTest {

    private static final String SCHEDULER = "managed-kvs-scheduler";

    @Test
    void kubeSchedulerGetsTheBuiltInSchedulerRolesAndTheAuthenticationReader() {
        Manifests manifests = HelmChart.render(ChartValues.defaults());

        assertThat(manifests.all(ClusterRoleBinding.class)).filteredOn(b -> b.getMetadata().getName().startsWith(SCHEDULER + "-as-"))
                .extracting(b -> b.getRoleRef().getName())
                .containsExactlyInAnyOrder("system:kube-scheduler", "system:volume-scheduler");
        assertThat(manifests.all(ClusterRoleBinding.class)).filteredOn(b -> b.getMetadata().getName().startsWith(SCHEDULER))
                .allSatisfy(b -> assertThat(b.getSubjects()).singleElement().satisfies(this::isSchedulerServiceAccount));
        RoleBinding reader = manifests.get(RoleBinding.class, SCHEDULER + "-authentication-reader");
        assertThat(reader.getMetadata().getNamespace()).isEqualTo("kube-system");
        assertThat(reader.getRoleRef().getKind()).isEqualTo("Role");
        assertThat(reader.getRoleRef().getName()).isEqualTo("extension-apiserver-authentication-reader");
        assertThat(reader.getSubjects()).singleElement().satisfies(this::isSchedulerServiceAccount);
    }

    @Test
    void itsLeaseRuleNamesOnlyItsOwnLeaseInTheReleaseNamespace() {
        Manifests manifests = HelmChart.render(ChartValues.defaults());
        String leaseName = SchedulerConfigTest.config(manifests).leaderElection().resourceName();

        Role role = manifests.get(Role.class, SCHEDULER + "-leader-election");
        assertThat(role.getMetadata().getNamespace()).isEqualTo(HelmChart.NAMESPACE);
        assertThat(role.getRules()).containsExactlyInAnyOrder(
                new PolicyRuleBuilder().withApiGroups("coordination.k8s.io").withResources("leases").withVerbs("create").build(),
                new PolicyRuleBuilder().withApiGroups("coordination.k8s.io").withResources("leases")
                        .withResourceNames(leaseName).withVerbs("get", "update").build());
        RoleBinding binding = manifests.get(RoleBinding.class, SCHEDULER + "-leader-election");
        assertThat(binding.getRoleRef().getName()).isEqualTo(SCHEDULER + "-leader-election");
        assertThat(binding.getSubjects()).singleElement().satisfies(this::isSchedulerServiceAccount);
    }

    @Test
    void theExtenderReadsPodsAndNodesAndNothingElse() {
        Manifests manifests = HelmChart.render(ChartValues.defaults());

        ClusterRole extender = manifests.get(ClusterRole.class, SCHEDULER + "-extender");
        assertThat(extender.getRules()).containsExactly(new PolicyRuleBuilder()
                .withApiGroups("").withResources("pods", "nodes").withVerbs("get", "list", "watch").build());
        ClusterRoleBinding binding = manifests.get(ClusterRoleBinding.class, SCHEDULER + "-extender");
        assertThat(binding.getRoleRef().getName()).isEqualTo(SCHEDULER + "-extender");
        assertThat(binding.getSubjects()).singleElement().satisfies(this::isSchedulerServiceAccount);
        assertThat(manifests.all(ClusterRole.class)).flatMap(ClusterRole::getRules).allSatisfy(SchedulerRbacTest::noWildcard);
        assertThat(manifests.all(Role.class)).flatMap(Role::getRules).allSatisfy(SchedulerRbacTest::noWildcard);
    }

    @Test
    void theSchedulerKeepsItsClusterWideRightsWhenTheOperatorIsNamespaceScoped() {
        Manifests manifests = HelmChart.render(ChartValues.defaults().set("operator.watchNamespaces", List.of("team-a")));

        assertThat(manifests.find(ClusterRole.class, SCHEDULER + "-extender")).isPresent();
        assertThat(manifests.find(ClusterRoleBinding.class, SCHEDULER + "-as-kube-scheduler")).isPresent();
    }

    @Test
    void theSchedulerPodRunsAsItsServiceAccount() {
        Manifests manifests = HelmChart.render(ChartValues.defaults());
        assertThat(manifests.get(Deployment.class, SCHEDULER).getSpec().getTemplate().getSpec().getServiceAccountName())
                .isEqualTo(SCHEDULER);
    }

    @Test
    void anExistingServiceAccountCanBeNamedInstead() {
        Manifests manifests = HelmChart.render(ChartValues.defaults()
                .set("scheduler.serviceAccount.create", false).set("scheduler.serviceAccount.name", "platform-scheduler")
                .set("operator.serviceAccount.create", false).set("operator.serviceAccount.name", "platform-operator"));

        assertThat(manifests.all(io.fabric8.kubernetes.api.model.ServiceAccount.class)).isEmpty();
        assertThat(manifests.get(Deployment.class, SCHEDULER).getSpec().getTemplate().getSpec().getServiceAccountName())
                .isEqualTo("platform-scheduler");
        assertThat(manifests.get(Deployment.class, "managed-kvs-operator").getSpec().getTemplate().getSpec().getServiceAccountName())
                .isEqualTo("platform-operator");
        assertThat(manifests.get(ClusterRoleBinding.class, SCHEDULER + "-extender").getSubjects().get(0).getName())
                .isEqualTo("platform-scheduler");
        assertThat(manifests.get(ClusterRoleBinding.class, "managed-kvs-operator").getSubjects().get(0).getName())
                .isEqualTo("platform-operator");
    }

    private void isSchedulerServiceAccount(Subject subject) {
        assertThat(subject.getKind()).isEqualTo("ServiceAccount");
        assertThat(subject.getName()).isEqualTo(SCHEDULER);
        assertThat(subject.getNamespace()).isEqualTo(HelmChart.NAMESPACE);
    }

    static void noWildcard(PolicyRule rule) {
        assertThat(rule.getApiGroups()).noneMatch(v -> v.contains("*"));
        assertThat(rule.getResources()).noneMatch(v -> v.contains("*"));
        assertThat(rule.getVerbs()).noneMatch(v -> v.contains("*"));
    }
}
