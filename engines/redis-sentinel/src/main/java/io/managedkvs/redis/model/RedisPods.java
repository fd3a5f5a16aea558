package io.managedkvs.redis.model;

import io.fabric8.kubernetes.api.model.ConfigMapVolumeSourceBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.managedkvs.api.placement.PodPlacement;
import io.managedkvs.api.resource.AuthSpec;
import io.managedkvs.api.resource.ComputeResources;
import io.managedkvs.api.resource.Labels;
import io.managedkvs.api.resource.ManagedKVSSpec;
import io.managedkvs.api.resource.MonitoringSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The pod templates of the redis members and of the Sentinels. */
final class RedisPods {

    static final String REDIS_CONTAINER = "redis";
    static final String SENTINEL_CONTAINER = "sentinel";
    static final String EXPORTER_CONTAINER = "exporter";
    static final String DEFAULT_EXPORTER_IMAGE = "oliver006/redis_exporter:v1.67.0";
    static final ComputeResources DEFAULT_SENTINEL_RESOURCES = new ComputeResources(
            Map.of("cpu", new Quantity("50m"), "memory", new Quantity("64Mi")), Map.of("memory", new Quantity("128Mi")));

    private final RedisNames names;
    private final ManagedKVSSpec spec;
    private final String image;
    private final PodPlacement redisPlacement;
    private final PodPlacement sentinelPlacement;
    private final BackupPods backups;
    private final PodTls tls;

    RedisPods(RedisNames names, ManagedKVSSpec spec, String image, PodPlacement redisPlacement, PodPlacement sentinelPlacement,
              BackupPods backups) {
        this.names = names;
        this.spec = spec;
        this.image = image;
        this.redisPlacement = redisPlacement;
        this.sentinelPlacement = sentinelPlacement;
        this.backups = backups;
        this.tls = PodTls.of(spec);
    }

    /**
     * The redis pod template without its hash label and scheduling annotations: the part whose
     * change means the members must restart.
     *
     * @param configHash digest of the restart-required directives
     */
    PodTemplateSpec redisTemplate(String configHash) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(RedisSentinelModel.CONFIG_HASH_ANNOTATION, configHash);
        MonitoringSpec monitoring = spec.effectiveMonitoring();
        if (monitoring.enabledOrDefault()) {
            annotations.put("prometheus.io/scrape", "true");
            annotations.put("prometheus.io/port", Integer.toString(RedisNames.EXPORTER_PORT));
        }
        List<Container> containers = new ArrayList<>();
        containers.add(redisContainer());
        if (monitoring.enabledOrDefault()) {
            containers.add(exporterContainer(monitoring));
        }
        List<Volume> volumes = new ArrayList<>(List.of(configVolume(), emptyDir(ModelVolumes.RUN)));
        volumes.addAll(tls.volumes());
        if (spec.storage() == null) {
            volumes.add(emptyDir(ModelVolumes.DATA));
        }
        PodSpec podSpec = podSpec(redisPlacement, containers, volumes);
        if (spec.restore() != null) {
            // Loaded before redis-server starts: a member never serves, and the instance is never ready, without the data.
            BackupPods.RestoreStep restore = backups.restoreStep(spec, names);
            podSpec.setInitContainers(List.of(restore.container()));
            podSpec.getVolumes().addAll(restore.volumes());
        }
        return new PodTemplateSpecBuilder()
                .withNewMetadata()
                .withLabels(podLabels(RedisNames.COMPONENT_REDIS))
                .withAnnotations(annotations)
                .endMetadata()
                .withSpec(podSpec)
                .build();
    }

    /**
     * The annotations the scheduler extender reads on a redis member: the group's size and the placement's
     * (the instance's zone key). They are left out of the template hash: they matter only when a member is
     * scheduled, so neither scaling nor a platform version that adds one restarts running members. A new
     * zone key reaches each member when it is next created.
     */
    Map<String, String> redisSchedulingAnnotations(int groupSize) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(Labels.GROUP_SIZE_ANNOTATION, Integer.toString(groupSize));
        annotations.putAll(redisPlacement.podAnnotations());
        return annotations;
    }

    PodTemplateSpec sentinelTemplate(int sentinels) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(Labels.GROUP_SIZE_ANNOTATION, Integer.toString(sentinels));
        annotations.put(Labels.QUORUM_ANNOTATION, "true");
        annotations.putAll(sentinelPlacement.podAnnotations());
        ComputeResources resources = spec.redis() == null || spec.redis().effectiveSentinel().resources() == null
                ? DEFAULT_SENTINEL_RESOURCES
                : spec.redis().effectiveSentinel().resources().orElse(DEFAULT_SENTINEL_RESOURCES);
        Container sentinel = new ContainerBuilder()
                .withName(SENTINEL_CONTAINER)
                .withImage(image)
                .withImagePullPolicy("IfNotPresent")
                .withCommand("sh", ModelVolumes.CONFIG_MOUNT + "/" + Scripts.SENTINEL_START)
                .withEnv(env(names.sentinelHeadlessService(), Map.of("MASTER_NAME", names.masterName())))
                .addNewPort().withName("sentinel").withContainerPort(RedisNames.SENTINEL_PORT).endPort()
                .withResources(resources.toRequirements())
                .withLivenessProbe(Probes.liveness(RedisNames.SENTINEL_PORT))
                .withReadinessProbe(Probes.sentinelReadiness())
                .withVolumeMounts(mount(ModelVolumes.CONFIG, ModelVolumes.CONFIG_MOUNT, true),
                        mount(ModelVolumes.DATA, ModelVolumes.DATA_MOUNT, false))
                .addAllToVolumeMounts(tls.mounts())
                .withSecurityContext(PodSecurity.container())
                .build();
        List<Volume> volumes = new ArrayList<>(List.of(configVolume(), emptyDir(ModelVolumes.DATA)));
        volumes.addAll(tls.volumes());
        return new PodTemplateSpecBuilder()
                .withNewMetadata()
                .withLabels(podLabels(RedisNames.COMPONENT_SENTINEL))
                .withAnnotations(annotations)
                .endMetadata()
                .withSpec(podSpec(sentinelPlacement, List.of(sentinel), volumes))
                .build();
    }

    private Map<String, String> podLabels(String component) {
        Map<String, String> labels = Labels.of(RedisNames.ENGINE, names.instance(), component);
        labels.put(RedisSentinelModel.VERSION_LABEL, spec.version().trim());
        return labels;
    }

    private Container redisContainer() {
        // The Sentinels it asks at start are listed in the ConfigMap, so that their number can change
        // without changing this template (and restarting every member).
        return new ContainerBuilder()
                .withName(REDIS_CONTAINER)
                .withImage(image)
                .withImagePullPolicy("IfNotPresent")
                .withCommand("sh", ModelVolumes.CONFIG_MOUNT + "/" + Scripts.REDIS_START)
                .withEnv(env(names.redisHeadlessService(), Map.of("MASTER_NAME", names.masterName())))
                .addNewPort().withName("redis").withContainerPort(RedisNames.REDIS_PORT).endPort()
                .withResources(spec.effectiveResources().toRequirements())
                .withLivenessProbe(Probes.liveness(RedisNames.REDIS_PORT))
                .withReadinessProbe(Probes.redisReadiness())
                .withVolumeMounts(mount(ModelVolumes.CONFIG, ModelVolumes.CONFIG_MOUNT, true),
                        mount(ModelVolumes.RUN, ModelVolumes.RUN_MOUNT, false),
                        mount(ModelVolumes.DATA, ModelVolumes.DATA_MOUNT, false))
                .addAllToVolumeMounts(tls.mounts())
                .withSecurityContext(PodSecurity.container())
                .build();
    }

    private Container exporterContainer(MonitoringSpec monitoring) {
        List<EnvVar> env = new ArrayList<>();
        env.add(new EnvVarBuilder().withName("REDIS_ADDR")
                .withValue((tls.enabled() ? "rediss" : "redis") + "://localhost:" + RedisNames.REDIS_PORT).build());
        env.addAll(tls.exporterEnv());
        if (authEnabled()) {
            env.add(secretEnv("REDIS_PASSWORD"));
        }
        ResourceRequirements resources = monitoring.exporterResources() == null
                ? new ComputeResources(Map.of("cpu", new Quantity("10m"), "memory", new Quantity("32Mi")),
                        Map.of("memory", new Quantity("64Mi"))).toRequirements()
                : monitoring.exporterResources().toRequirements();
        return new ContainerBuilder()
                .withName(EXPORTER_CONTAINER)
                .withImage(monitoring.exporterImage() == null || monitoring.exporterImage().isBlank()
                        ? DEFAULT_EXPORTER_IMAGE : monitoring.exporterImage())
                .withImagePullPolicy("IfNotPresent")
                .withEnv(env)
                .addNewPort().withName("metrics").withContainerPort(RedisNames.EXPORTER_PORT).endPort()
                .withResources(resources)
                .withVolumeMounts(tls.mounts())
                .withSecurityContext(PodSecurity.container())
                .build();
    }

    /**
     * The environment of a redis or Sentinel container: its announced DNS name and, when auth is
     * on, the password from the credentials Secret (also as REDISCLI_AUTH for the probes).
     */
    private List<EnvVar> env(String headlessService, Map<String, String> extra) {
        List<EnvVar> env = new ArrayList<>();
        env.add(new EnvVarBuilder().withName("POD_NAME").withNewValueFrom().withNewFieldRef()
                .withFieldPath("metadata.name").endFieldRef().endValueFrom().build());
        env.add(new EnvVarBuilder().withName("POD_NAMESPACE").withNewValueFrom().withNewFieldRef()
                .withFieldPath("metadata.namespace").endFieldRef().endValueFrom().build());
        env.add(new EnvVarBuilder().withName("ANNOUNCE_HOST")
                .withValue("$(POD_NAME)." + headlessService + ".$(POD_NAMESPACE).svc").build());
        extra.forEach((k, v) -> env.add(new EnvVarBuilder().withName(k).withValue(v).build()));
        env.addAll(tls.env());
        if (authEnabled()) {
            env.add(secretEnv("REDIS_PASSWORD"));
            env.add(secretEnv("REDISCLI_AUTH"));
        }
        return env;
    }

    private EnvVar secretEnv(String name) {
        return new EnvVarBuilder().withName(name).withNewValueFrom().withNewSecretKeyRef()
                .withName(spec.effectiveAuth().secretNameFor(names.instance()))
                .withKey(AuthSpec.PASSWORD_KEY)
                .withOptional(false)
                .endSecretKeyRef().endValueFrom().build();
    }

    private boolean authEnabled() {
        return spec.effectiveAuth().enabledOrDefault();
    }

    private Volume configVolume() {
        return new VolumeBuilder().withName(ModelVolumes.CONFIG)
                .withConfigMap(new ConfigMapVolumeSourceBuilder().withName(names.configMap()).withDefaultMode(0444).build())
                .build();
    }

    private static Volume emptyDir(String name) {
        return new VolumeBuilder().withName(name).withNewEmptyDir().endEmptyDir().build();
    }

    private static VolumeMount mount(String name, String path, boolean readOnly) {
        return new VolumeMountBuilder().withName(name).withMountPath(path).withReadOnly(readOnly).build();
    }

    private static PodSpec podSpec(PodPlacement placement, List<Container> containers, List<Volume> volumes) {
        return new PodSpecBuilder()
                .withSchedulerName(placement.schedulerName())
                .withTopologySpreadConstraints(placement.topologySpreadConstraints())
                .withAffinity(placement.affinity())
                .withTolerations(placement.tolerations())
                .withNodeSelector(placement.nodeSelector().isEmpty() ? null : placement.nodeSelector())
                .withPriorityClassName(placement.priorityClassName())
                .withSecurityContext(PodSecurity.pod())
                .withEnableServiceLinks(false)
                .withTerminationGracePeriodSeconds(30L)
                .withContainers(containers)
                .withVolumes(volumes)
                .build();
    }
}
