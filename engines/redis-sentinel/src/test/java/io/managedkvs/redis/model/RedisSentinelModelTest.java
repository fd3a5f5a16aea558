package io.managedkvs.redis.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.managedkvs.api.engine.PlatformSettings;
import io.managedkvs.api.resource.AuthSpec;
import io.managedkvs.api.resource.ExposeSpec;
import io.managedkvs.api.resource.Labels;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.resource.ManagedKVSSpec;
import io.managedkvs.api.resource.ManagedKVSStatus;
import io.managedkvs.api.resource.MonitoringSpec;
import io.managedkvs.api.resource.RedisSpec;
import io.managedkvs.api.resource.SchedulingSpec;
import io.managedkvs.api.resource.SentinelSpec;
import io.managedkvs.api.resource.StorageSpec;
import io.managedkvs.redis.config.DirectiveCatalogue;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RedisSentinelModelTest {

    private static final String SECRET_VALUE = "do-not-print-me";
    private final RedisSentinelModel model = new RedisSentinelModel(PlatformSettings.defaults(), DirectiveCatalogue.standard());

    @Test
    void createsTheWholeInstance() {
        List<HasMetadata> all = model.resources(resource(ManagedKVSSpec.of("redis-sentinel", "7.2")));

        assertThat(all).extracting(r -> r.getKind() + "/" + r.getMetadata().getName()).containsExactlyInAnyOrder(
                "ConfigMap/cache-redis-config", "StatefulSet/cache-redis", "StatefulSet/cache-sentinel",
                "Service/cache-rw", "Service/cache-ro", "Service/cache-sentinel", "Service/cache-redis-headless",
                "Service/cache-sentinel-headless", "PodDisruptionBudget/cache-redis", "PodDisruptionBudget/cache-sentinel");
        assertThat(all).allSatisfy(r -> {
            assertThat(r.getMetadata().getNamespace()).isEqualTo("prod");
            assertThat(r.getMetadata().getLabels()).containsEntry(Labels.NAME, "redis-sentinel")
                    .containsEntry(Labels.INSTANCE, "cache").containsEntry(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE)
                    .containsKey(Labels.COMPONENT);
            assertThat(r.getMetadata().getOwnerReferences()).as("the operator adds owner references").isEmpty();
        });
    }

    @Test
    void redisStatefulSetIsRolledByTheEngineAndUsesTheOfficialImage() {
        StatefulSet sts = redis(ManagedKVSSpec.of("redis-sentinel", "7.2"));

        assertThat(sts.getSpec().getReplicas()).isEqualTo(3);
        assertThat(sts.getSpec().getUpdateStrategy().getType()).isEqualTo("OnDelete");
        assertThat(sts.getSpec().getServiceName()).isEqualTo("cache-redis-headless");
        assertThat(sts.getSpec().getSelector().getMatchLabels()).containsOnlyKeys(Labels.NAME, Labels.INSTANCE, Labels.COMPONENT)
                .containsEntry(Labels.COMPONENT, "redis");
        assertThat(sts.getSpec().getTemplate().getMetadata().getLabels()).doesNotContainKey(Labels.ROLE)
                .containsKey(RedisSentinelModel.TEMPLATE_HASH_LABEL);
        assertThat(sts.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry(Labels.GROUP_SIZE_ANNOTATION, "3").doesNotContainKey(Labels.QUORUM_ANNOTATION)
                .containsEntry(Labels.ZONE_TOPOLOGY_KEY_ANNOTATION, "topology.kubernetes.io/zone");
        assertThat(container(sts, "redis").getImage()).isEqualTo("redis:7.2");
        assertThat(sts.getSpec().getVolumeClaimTemplates()).isEmpty();
        assertThat(sts.getSpec().getTemplate().getSpec().getVolumes()).anySatisfy(v -> {
            assertThat(v.getName()).isEqualTo("data");
            assertThat(v.getEmptyDir()).isNotNull();
        });
    }

    @Test
    void theRegistryOverrideAppliesToTheImage() {
        RedisSentinelModel mirrored = new RedisSentinelModel(new PlatformSettings("s", false, "registry.example/mirror"), DirectiveCatalogue.standard());
        StatefulSet sts = (StatefulSet) mirrored.resources(resource(ManagedKVSSpec.of("redis-sentinel", "7.4.1"))).stream()
                .filter(r -> r.getMetadata().getName().equals("cache-redis")).findFirst().orElseThrow();

        assertThat(container(sts, "redis").getImage()).isEqualTo("registry.example/mirror/redis:7.4.1");
    }

    @Test
    void storageMakesClaimsWithTheDefaultStorageClassUnlessOneIsNamed() {
        StatefulSet byDefault = redis(ManagedKVSSpec.of("redis-sentinel", "7.2").withStorage(new StorageSpec("10Gi", null)));
        StatefulSet named = redis(ManagedKVSSpec.of("redis-sentinel", "7.2").withStorage(new StorageSpec("5Gi", "fast")));

        assertThat(byDefault.getSpec().getVolumeClaimTemplates()).singleElement().satisfies(pvc -> {
            assertThat(pvc.getMetadata().getName()).isEqualTo("data");
            assertThat(pvc.getSpec().getStorageClassName()).isNull();
            assertThat(pvc.getSpec().getResources().getRequests()).containsEntry("storage", new Quantity("10Gi"));
            assertThat(pvc.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
        });
        assertThat(byDefault.getSpec().getTemplate().getSpec().getVolumes()).noneMatch(v -> v.getName().equals("data"));
        assertThat(named.getSpec().getVolumeClaimTemplates().get(0).getSpec().getStorageClassName()).isEqualTo("fast");
    }

    @Test
    void podsRunAsNonRootWithoutCapabilities() {
        for (StatefulSet sts : List.of(redis(ManagedKVSSpec.of("redis-sentinel", "7.2")), sentinel(ManagedKVSSpec.of("redis-sentinel", "7.2")))) {
            PodSpec pod = sts.getSpec().getTemplate().getSpec();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(999L);
            assertThat(pod.getSecurityContext().getFsGroup()).isEqualTo(999L);
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            assertThat(pod.getContainers()).allSatisfy(c -> {
                assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
                assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
                assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
            });
        }
    }

    @Test
    void probesNeverLookAtRolesForLivenessAndNeverCarryThePassword() {
        Container redis = container(redis(ManagedKVSSpec.of("redis-sentinel", "7.2")), "redis");

        assertThat(redis.getLivenessProbe().getExec().getCommand()).containsExactly("sh", "/etc/managedkvs/alive.sh", "6379");
        assertThat(redis.getLivenessProbe().getFailureThreshold() * redis.getLivenessProbe().getPeriodSeconds()).isGreaterThanOrEqualTo(60);
        assertThat(code(Scripts.load(Scripts.ALIVE))).contains("ping").doesNotContain("role", "master_link", "replication");
        assertThat(redis.getReadinessProbe().getExec().getCommand()).containsExactly("sh", "/etc/managedkvs/redis-ready.sh");
        assertThat(Scripts.load(Scripts.REDIS_READY)).contains("master_link_status:up").doesNotContain("-a ");
        assertThat(redis.getEnv()).filteredOn(e -> e.getName().equals("REDISCLI_AUTH")).singleElement()
                .satisfies(e -> assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("cache-auth"));
    }

    @Test
    void thePasswordComesFromTheSecretAndNeverAppearsInTheConfigMap() {
        ManagedKVSSpec spec = ManagedKVSSpec.of("redis-sentinel", "7.2").withAuth(new AuthSpec(true, "my-creds"));
        List<HasMetadata> all = model.resources(resource(spec));
        ConfigMap cm = (ConfigMap) all.stream().filter(r -> r instanceof ConfigMap).findFirst().orElseThrow();
        StatefulSet sts = (StatefulSet) all.stream().filter(r -> r.getMetadata().getName().equals("cache-redis")).findFirst().orElseThrow();

        assertThat(cm.getData()).containsKeys("redis.conf", "sentinel.conf", "redis-start.sh", "sentinel-start.sh");
        assertThat(String.join("\n", cm.getData().values())).doesNotContain(SECRET_VALUE);
        assertThat(cm.getData().get("redis.conf")).doesNotContain("requirepass", "masterauth");
        assertThat(cm.getData().get("sentinel.conf")).doesNotContain("requirepass", "sentinel-pass", "auth-pass");
        // The scripts write the password lines from the environment, on the pod's own volume.
        assertThat(String.join("\n", cm.getData().values()).lines().filter(l -> l.matches(".*(requirepass|masterauth|sentinel-pass).*")))
                .isNotEmpty().allSatisfy(l -> assertThat(l).contains("\"$(quote \"$REDIS_PASSWORD\")\""));
        List<EnvVar> env = container(sts, "redis").getEnv();
        assertThat(env).filteredOn(e -> e.getName().equals("REDIS_PASSWORD")).singleElement().satisfies(e -> {
            assertThat(e.getValue()).isNull();
            assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("my-creds");
            assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("password");
        });
        assertThat(all).noneMatch(r -> r.getKind().equals("Secret"));
    }

    @Test
    void withoutAuthNoPasswordIsWired() {
        StatefulSet sts = redis(ManagedKVSSpec.of("redis-sentinel", "7.2").withAuth(new AuthSpec(false, null)));

        assertThat(sts.getSpec().getTemplate().getSpec().getContainers()).allSatisfy(c ->
                assertThat(c.getEnv()).noneMatch(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null));
    }

    @Test
    void servicesSelectByRoleAndComponent() {
        List<HasMetadata> all = model.resources(resource(ManagedKVSSpec.of("redis-sentinel", "7.2")));

        assertThat(service(all, "cache-rw").getSpec().getSelector()).containsEntry(Labels.ROLE, Labels.ROLE_PRIMARY)
                .containsEntry(Labels.COMPONENT, "redis").containsEntry(Labels.INSTANCE, "cache");
        assertThat(service(all, "cache-ro").getSpec().getSelector()).containsEntry(Labels.ROLE, Labels.ROLE_REPLICA);
        assertThat(service(all, "cache-sentinel").getSpec().getSelector()).containsEntry(Labels.COMPONENT, "sentinel")
                .doesNotContainKey(Labels.ROLE);
        assertThat(service(all, "cache-sentinel").getSpec().getPorts().get(0).getPort()).isEqualTo(26379);
        Service peers = service(all, "cache-redis-headless");
        assertThat(peers.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(peers.getSpec().getPublishNotReadyAddresses()).isTrue();
        assertThat(peers.getSpec().getSelector()).doesNotContainKey(Labels.ROLE);
    }

    @Test
    void exposureAddsAnExternalServiceForTheWriter() {
        List<HasMetadata> nodePort = model.resources(resource(ManagedKVSSpec.of("redis-sentinel", "7.2")
                .withExpose(new ExposeSpec(ExposeSpec.ExposeType.NodePort, 30100, null, null))));
        List<HasMetadata> lb = model.resources(resource(ManagedKVSSpec.of("redis-sentinel", "7.2")
                .withExpose(new ExposeSpec(ExposeSpec.ExposeType.LoadBalancer, null, Map.of("a", "b"), List.of("10.0.0.0/8")))));

        Service np = service(nodePort, "cache-external");
        assertThat(np.getSpec().getType()).isEqualTo("NodePort");
        assertThat(np.getSpec().getPorts().get(0).getNodePort()).isEqualTo(30100);
        assertThat(np.getSpec().getSelector()).containsEntry(Labels.ROLE, Labels.ROLE_PRIMARY);
        Service l = service(lb, "cache-external");
        assertThat(l.getSpec().getType()).isEqualTo("LoadBalancer");
        assertThat(l.getSpec().getLoadBalancerSourceRanges()).containsExactly("10.0.0.0/8");
        assertThat(l.getMetadata().getAnnotations()).containsEntry("a", "b");
        assertThat(model.resources(resource(ManagedKVSSpec.of("redis-sentinel", "7.2"))))
                .noneMatch(r -> r.getMetadata().getName().equals("cache-external"));
    }

    @Test
    void sentinelsCarryTheQuorumAnnotationsAndTheirOwnSettings() {
        StatefulSet sts = sentinel(ManagedKVSSpec.of("redis-sentinel", "7.2")
                .withRedis(new RedisSpec(null, null, null, null, new SentinelSpec(5, null, null, null, null, null))));

        assertThat(sts.getSpec().getReplicas()).isEqualTo(5);
        assertThat(sts.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry(Labels.GROUP_SIZE_ANNOTATION, "5").containsEntry(Labels.QUORUM_ANNOTATION, "true")
                .containsEntry(Labels.ZONE_TOPOLOGY_KEY_ANNOTATION, "topology.kubernetes.io/zone");
        assertThat(container(sts, "sentinel").getPorts().get(0).getContainerPort()).isEqualTo(26379);
    }

    @Test
    void sentinelsAreReadyOnceRegisteredAndThatNeverHoldsBackTheFirstStart() {
        ManagedKVSSpec spec = ManagedKVSSpec.of("redis-sentinel", "7.2")
                .withRedis(new RedisSpec(null, null, null, null, new SentinelSpec(5, null, null, null, null, null)));
        StatefulSet sentinels = sentinel(spec);
        Container sentinel = container(sentinels, "sentinel");
        ConfigMap cm = (ConfigMap) model.resources(resource(spec)).stream().filter(r -> r instanceof ConfigMap).findFirst().orElseThrow();
        Service headless = (Service) model.resources(resource(spec)).stream()
                .filter(r -> r.getMetadata().getName().equals("cache-sentinel-headless")).findFirst().orElseThrow();

        assertThat(sentinel.getReadinessProbe().getExec().getCommand()).containsExactly("sh", "/etc/managedkvs/sentinel-ready.sh");
        assertThat(code(Scripts.load(Scripts.SENTINEL_READY))).contains("get-master-addr-by-name \"$MASTER_NAME\"");
        assertThat(sentinel.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("MASTER_NAME");
            assertThat(e.getValue()).isEqualTo("cache");
        });
        // Unready Sentinels are still created, found and asked: the operator registers them only once they run.
        assertThat(sentinels.getSpec().getPodManagementPolicy()).isEqualTo("Parallel");
        assertThat(headless.getSpec().getPublishNotReadyAddresses()).isTrue();
        assertThat(cm.getData().get(Scripts.SENTINELS)).isEqualTo("""
                cache-sentinel-0.cache-sentinel-headless.prod.svc 26379
                cache-sentinel-1.cache-sentinel-headless.prod.svc 26379
                cache-sentinel-2.cache-sentinel-headless.prod.svc 26379
                cache-sentinel-3.cache-sentinel-headless.prod.svc 26379
                cache-sentinel-4.cache-sentinel-headless.prod.svc 26379
                """);
        assertThat(cm.getData()).containsKey(Scripts.SENTINEL_READY);
        // The redis members read that list, not one Sentinel Service address; the Sentinels' number is not in their template.
        Container redis = container(redis(spec), "redis");
        assertThat(redis.getEnv()).extracting(EnvVar::getName).doesNotContain("SENTINEL_HOST", "SENTINEL_PORT")
                .contains("MASTER_NAME");
        assertThat(model.redisTemplateHash(resource(spec))).isEqualTo(model.redisTemplateHash(resource(ManagedKVSSpec.of("redis-sentinel", "7.2"))));
    }

    @Test
    void disruptionBudgetsKeepASentinelMajority() {
        List<HasMetadata> all = model.resources(resource(ManagedKVSSpec.of("redis-sentinel", "7.2")
                .withRedis(new RedisSpec(null, null, null, null, new SentinelSpec(5, null, null, null, null, null)))));

        PodDisruptionBudget sentinels = (PodDisruptionBudget) all.stream().filter(r -> r instanceof PodDisruptionBudget
                && r.getMetadata().getName().equals("cache-sentinel")).findFirst().orElseThrow();
        PodDisruptionBudget redis = (PodDisruptionBudget) all.stream().filter(r -> r instanceof PodDisruptionBudget
                && r.getMetadata().getName().equals("cache-redis")).findFirst().orElseThrow();
        assertThat(sentinels.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(2);
        assertThat(redis.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(redis.getSpec().getSelector().getMatchLabels()).containsEntry(Labels.COMPONENT, "redis");
    }

    @Test
    void monitoringAddsTheExporterSidecarWithThePassword() {
        StatefulSet on = redis(ManagedKVSSpec.of("redis-sentinel", "7.2"));
        StatefulSet off = redis(ManagedKVSSpec.of("redis-sentinel", "7.2").withMonitoring(new MonitoringSpec(false, null, null)));

        Container exporter = container(on, "exporter");
        assertThat(exporter.getPorts().get(0).getContainerPort()).isEqualTo(9121);
        assertThat(exporter.getEnv()).anySatisfy(e -> assertThat(e.getName()).isEqualTo("REDIS_PASSWORD"));
        assertThat(off.getSpec().getTemplate().getSpec().getContainers()).extracting(Container::getName).containsExactly("redis");
    }

    @Test
    void placementComesFromTheSchedulingSpec() {
        StatefulSet sts = redis(ManagedKVSSpec.of("redis-sentinel", "7.2").withScheduling(new SchedulingSpec(
                SchedulingSpec.SpreadPolicy.Required, null, null, true, Map.of("disk", "ssd"), null, null, "high")));

        PodSpec pod = sts.getSpec().getTemplate().getSpec();
        assertThat(pod.getSchedulerName()).isEqualTo(PlatformSettings.DEFAULT_SCHEDULER_NAME);
        assertThat(pod.getNodeSelector()).containsEntry("disk", "ssd");
        assertThat(pod.getPriorityClassName()).isEqualTo("high");
        assertThat(pod.getTopologySpreadConstraints()).anySatisfy(c -> {
            assertThat(c.getWhenUnsatisfiable()).isEqualTo("DoNotSchedule");
            assertThat(c.getLabelSelector().getMatchLabels()).containsEntry(Labels.COMPONENT, "redis");
        });
    }

    @Test
    void everyMemberCarriesTheInstancesZoneKeyForTheSchedulerExtender() {
        ManagedKVSSpec racks = ManagedKVSSpec.of("redis-sentinel", "7.2").withScheduling(new SchedulingSpec(
                null, null, "example.com/rack", true, null, null, null, null));

        assertThat(redis(racks).getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry(Labels.ZONE_TOPOLOGY_KEY_ANNOTATION, "example.com/rack");
        assertThat(sentinel(racks).getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry(Labels.ZONE_TOPOLOGY_KEY_ANNOTATION, "example.com/rack")
                .containsEntry(Labels.QUORUM_ANNOTATION, "true");
        assertThat(sentinel(racks).getSpec().getTemplate().getSpec().getTopologySpreadConstraints())
                .as("the same key as the best-effort spread constraint")
                .anySatisfy(c -> assertThat(c.getTopologyKey()).isEqualTo("example.com/rack"));
    }

    @Test
    void theZoneKeyAnnotationAloneRestartsNoRedisMember() {
        // Without spreading, a new zone key changes nothing in the pod spec: only the annotation, which
        // matters at the next scheduling, so running members keep their hash.
        ManagedKVSSpec zones = ManagedKVSSpec.of("redis-sentinel", "7.2").withScheduling(new SchedulingSpec(
                SchedulingSpec.SpreadPolicy.None, null, null, null, null, null, null, null));
        ManagedKVSSpec racks = ManagedKVSSpec.of("redis-sentinel", "7.2").withScheduling(new SchedulingSpec(
                SchedulingSpec.SpreadPolicy.None, null, "example.com/rack", null, null, null, null, null));

        assertThat(model.redisTemplateHash(resource(racks))).isEqualTo(model.redisTemplateHash(resource(zones)));
        assertThat(redis(racks).getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry(RedisSentinelModel.TEMPLATE_HASH_LABEL, model.redisTemplateHash(resource(zones)));
        assertThat(redis(racks).getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry(Labels.ZONE_TOPOLOGY_KEY_ANNOTATION, "example.com/rack");
    }

    @Test
    void scalingDoesNotChangeTheTemplateHashButARestartDirectiveDoes() {
        ManagedKVSSpec three = ManagedKVSSpec.of("redis-sentinel", "7.2");
        String base = model.redisTemplateHash(resource(three));

        assertThat(model.redisTemplateHash(resource(three.withReplicas(5)))).isEqualTo(base);
        assertThat(model.redisTemplateHash(resource(three.withRedis(new RedisSpec(Map.of("maxmemory", "1gb"), null, null, null, null)))))
                .isEqualTo(base);
        assertThat(model.redisTemplateHash(resource(three.withRedis(new RedisSpec(Map.of("databases", "32"), null, null, null, null)))))
                .isNotEqualTo(base);
        assertThat(model.redisTemplateHash(resource(three.withVersion("7.4")))).isNotEqualTo(base);
        assertThat(redis(three).getSpec().getTemplate().getMetadata().getLabels()).containsEntry(RedisSentinelModel.TEMPLATE_HASH_LABEL, base);
    }

    @Test
    void scaleInKeepsThePrimaryUntilItHasMoved() {
        ManagedKVS r = resource(ManagedKVSSpec.of("redis-sentinel", "7.2").withReplicas(2));
        assertThat(RedisSentinelModel.statefulSetReplicas(r)).isEqualTo(2);

        r.setStatus(status("cache-redis-4"));
        assertThat(RedisSentinelModel.statefulSetReplicas(r)).isEqualTo(5);
        assertThat(((StatefulSet) model.resources(r).stream().filter(x -> x.getMetadata().getName().equals("cache-redis"))
                .findFirst().orElseThrow()).getSpec().getReplicas()).isEqualTo(5);

        r.setStatus(status("cache-redis-1"));
        assertThat(RedisSentinelModel.statefulSetReplicas(r)).isEqualTo(2);
    }

    @Test
    void theSameResourceAlwaysGivesTheSameObjects() {
        ManagedKVS r = resource(ManagedKVSSpec.of("redis-sentinel", "7.2"));
        assertThat(model.resources(r)).isEqualTo(model.resources(r));
    }

    /** The script without its comments. */
    private static String code(String script) {
        return script.lines().filter(l -> !l.strip().startsWith("#")).collect(Collectors.joining("\n"));
    }

    private static ManagedKVSStatus status(String primary) {
        return new ManagedKVSStatus(null, null, List.of(), "redis-sentinel", null, null, null, null, primary, null, null, null, null);
    }

    private StatefulSet redis(ManagedKVSSpec spec) {
        return statefulSet(spec, "cache-redis");
    }

    private StatefulSet sentinel(ManagedKVSSpec spec) {
        return statefulSet(spec, "cache-sentinel");
    }

    private StatefulSet statefulSet(ManagedKVSSpec spec, String name) {
        return (StatefulSet) model.resources(resource(spec)).stream()
                .filter(r -> r instanceof StatefulSet && r.getMetadata().getName().equals(name)).findFirst().orElseThrow();
    }

    private static Service service(List<HasMetadata> all, String name) {
        return (Service) all.stream().filter(r -> r instanceof Service && r.getMetadata().getName().equals(name)).findFirst().orElseThrow();
    }

    private static Container container(StatefulSet sts, String name) {
        return sts.getSpec().getTemplate().getSpec().getContainers().stream().filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
    }

    private static ManagedKVS resource(ManagedKVSSpec spec) {
        return new ManagedKVS("prod", "cache", spec);
    }
}
