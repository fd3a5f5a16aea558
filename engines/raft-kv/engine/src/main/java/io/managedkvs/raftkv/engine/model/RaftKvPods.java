package io.managedkvs.raftkv.engine.model;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.managedkvs.api.placement.PodPlacement;
import io.managedkvs.api.resource.ComputeResources;
import io.managedkvs.api.resource.Labels;
import io.managedkvs.api.resource.ManagedKVSSpec;
import io.managedkvs.api.resource.RaftKvSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pod templates of the stores and of the placement driver members: one image, two main classes,
 * every option on the command line (Kubernetes expands {@code $(VAR)} from the environment, so the
 * image needs no shell).
 */
final class RaftKvPods {

    static final String STORE_CONTAINER = "store";
    static final String PD_CONTAINER = "pd";
    static final String DATA_MOUNT = "/var/lib/raft-kv";
    static final String TMP_VOLUME = "tmp";
    static final String TLS_VOLUME = "tls";
    /**
     * Where spec.tls's Secret is mounted, whole (never by subPath, whose files the kubelet does not
     * update): a rotated Secret appears in place and the processes reload it without a restart.
     */
    static final String TLS_MOUNT = "/etc/raft-kv/tls";
    /** Owner and group (the pod's fsGroup) may read; the key is no one else's. */
    static final int TLS_FILE_MODE = 0440;
    static final ComputeResources DEFAULT_PD_RESOURCES = new ComputeResources(
            Map.of("cpu", new Quantity("100m"), "memory", new Quantity("256Mi")), Map.of("memory", new Quantity("512Mi")));
    /** The label Kubernetes puts on every StatefulSet pod with its ordinal. */
    static final String POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";

    private final RaftKvNames names;
    private final ManagedKVSSpec spec;
    private final RaftKvSpec raftKv;
    private final String image;

    RaftKvPods(RaftKvNames names, ManagedKVSSpec spec, String image) {
        this.names = names;
        this.spec = spec;
        this.raftKv = spec.effectiveRaftKv();
        this.image = image;
    }

    /** The store template without its hash label and scheduling annotations: the part whose change restarts stores. */
    PodTemplateSpec storeTemplate(PodPlacement placement) {
        boolean resp = raftKv.effectiveProtocols().respOrDefault();
        List<String> args = new ArrayList<>(List.of(RaftKvVersions.STORE_MAIN,
                "--data-dir", DATA_MOUNT,
                "--listen", "0.0.0.0:" + RaftKvNames.STORE_GRPC_PORT,
                "--advertise", "$(POD_NAME)." + names.storeHeadlessService() + ".$(POD_NAMESPACE).svc:" + RaftKvNames.STORE_GRPC_PORT,
                "--status-listen", "0.0.0.0:" + RaftKvNames.STORE_STATUS_PORT,
                "--resp-listen", resp ? "0.0.0.0:" + RaftKvNames.RESP_PORT : "off",
                "--pd", names.pdEndpoints(raftKv.effectivePlacementDriver().effectiveReplicas()),
                "--labels", "host=$(NODE_NAME)",
                "--region-max-size", sizeOption(raftKv.effectiveRegionMaxSizeBytes())));
        args.addAll(tlsArgs());
        List<ContainerPort> ports = new ArrayList<>(List.of(
                port("grpc", RaftKvNames.STORE_GRPC_PORT), port("metrics", RaftKvNames.STORE_STATUS_PORT)));
        if (resp) {
            ports.add(port("resp", RaftKvNames.RESP_PORT));
        }
        Container store = container(STORE_CONTAINER, args, ports, spec.effectiveResources(), RaftKvNames.STORE_STATUS_PORT);
        return template(RaftKvNames.COMPONENT_STORE, placement, store, RaftKvNames.STORE_STATUS_PORT);
    }

    PodTemplateSpec pdTemplate(PodPlacement placement) {
        RaftKvSpec.PlacementDriverSpec pd = raftKv.effectivePlacementDriver();
        List<String> args = new ArrayList<>(List.of(RaftKvVersions.PD_MAIN,
                "--id", "$(POD_INDEX)",
                "--data-dir", DATA_MOUNT,
                "--listen", "0.0.0.0:" + RaftKvNames.PD_PORT,
                "--advertise", "$(POD_NAME)." + names.pdHeadlessService() + ".$(POD_NAMESPACE).svc:" + RaftKvNames.PD_PORT,
                "--status-listen", "0.0.0.0:" + RaftKvNames.PD_STATUS_PORT,
                "--initial-cluster", names.initialCluster(pd.effectiveReplicas()),
                "--replication-factor", Integer.toString(raftKv.effectiveReplicationFactor()),
                // The placement driver starts restoring a down store's replicas elsewhere when the operator replaces it.
                "--down-store-timeout", raftKv.downStoreReplaceAfter() == null
                        ? RaftKvSpec.DEFAULT_DOWN_STORE_REPLACE_AFTER : raftKv.downStoreReplaceAfter().trim()));
        args.addAll(tlsArgs());
        ComputeResources resources = pd.resources() == null ? DEFAULT_PD_RESOURCES : pd.resources().orElse(DEFAULT_PD_RESOURCES);
        Container container = container(PD_CONTAINER, args, List.of(port("grpc", RaftKvNames.PD_PORT),
                port("metrics", RaftKvNames.PD_STATUS_PORT)), resources, RaftKvNames.PD_STATUS_PORT);
        return template(RaftKvNames.COMPONENT_PD, placement, container, RaftKvNames.PD_STATUS_PORT);
    }

    private boolean tls() {
        return tls(spec);
    }

    static boolean tls(ManagedKVSSpec spec) {
        return spec.tls() != null && spec.tls().enabledOrDefault();
    }

    /** spec.tls's Secret as a volume. By name only: its content is not part of a template, so a rotation restarts no pod. */
    static Volume tlsVolume(ManagedKVSSpec spec) {
        return new VolumeBuilder().withName(TLS_VOLUME).withNewSecret().withSecretName(spec.tls().secretName())
                .withDefaultMode(TLS_FILE_MODE).endSecret().build();
    }

    static VolumeMount tlsMount() {
        return new VolumeMountBuilder().withName(TLS_VOLUME).withMountPath(TLS_MOUNT).withReadOnly(true).build();
    }

    /** Mutual TLS on every gRPC port and TLS on the Redis protocol; the status port (probes, metrics) stays plain HTTP. */
    private List<String> tlsArgs() {
        return tls() ? List.of("--tls-dir", TLS_MOUNT) : List.of();
    }

    private List<Volume> volumes() {
        List<Volume> volumes = new ArrayList<>(List.of(new VolumeBuilder().withName(TMP_VOLUME).withNewEmptyDir().endEmptyDir().build()));
        if (tls()) {
            volumes.add(tlsVolume(spec));
        }
        return volumes;
    }

    private List<VolumeMount> mounts() {
        List<VolumeMount> mounts = new ArrayList<>(List.of(
                new VolumeMountBuilder().withName(RaftKvNames.DATA_VOLUME).withMountPath(DATA_MOUNT).build(),
                new VolumeMountBuilder().withName(TMP_VOLUME).withMountPath("/tmp").build()));
        if (tls()) {
            mounts.add(tlsMount());
        }
        return mounts;
    }

    /**
     * The annotations the scheduler extender reads: the group's size, that it keeps a quorum, and the
     * placement's zone key. Left out of the template hash, so that scaling restarts no store.
     */
    static Map<String, String> schedulingAnnotations(int groupSize, PodPlacement placement) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(Labels.GROUP_SIZE_ANNOTATION, Integer.toString(groupSize));
        annotations.put(Labels.QUORUM_ANNOTATION, "true");
        annotations.putAll(placement.podAnnotations());
        return annotations;
    }

    /** A byte count as the processes' size options take it: whole MiB or KiB where it divides, else a plain byte count. */
    static String sizeOption(long bytes) {
        if (bytes % (1024L * 1024) == 0) {
            return bytes / (1024L * 1024) + "MiB";
        }
        if (bytes % 1024 == 0) {
            return bytes / 1024 + "KiB";
        }
        return Long.toString(bytes);
    }

    private PodTemplateSpec template(String component, PodPlacement placement, Container container, int metricsPort) {
        Map<String, String> labels = Labels.of(RaftKvNames.ENGINE, names.instance(), component);
        labels.put(RaftKvModel.VERSION_LABEL, spec.version().trim());
        Map<String, String> annotations = new LinkedHashMap<>();
        if (spec.effectiveMonitoring().enabledOrDefault()) {
            annotations.put("prometheus.io/scrape", "true");
            annotations.put("prometheus.io/port", Integer.toString(metricsPort));
            annotations.put("prometheus.io/path", "/metrics");
        }
        return new PodTemplateSpecBuilder()
                .withNewMetadata().withLabels(labels).withAnnotations(annotations).endMetadata()
                .withSpec(new PodSpecBuilder()
                        .withSchedulerName(placement.schedulerName())
                        .withTopologySpreadConstraints(placement.topologySpreadConstraints())
                        .withAffinity(placement.affinity())
                        .withTolerations(placement.tolerations())
                        .withNodeSelector(placement.nodeSelector().isEmpty() ? null : placement.nodeSelector())
                        .withPriorityClassName(placement.priorityClassName())
                        .withSecurityContext(podSecurity())
                        .withEnableServiceLinks(false)
                        // Long enough for a store to flush and close RocksDB after SIGTERM.
                        .withTerminationGracePeriodSeconds(60L)
                        .withContainers(container)
                        // RocksDB unpacks its native library into java.io.tmpdir; the root filesystem is read-only.
                        .withVolumes(volumes())
                        .build())
                .build();
    }

    /** The distroless image's nonroot user. */
    private static final long IMAGE_UID = 65532L;

    private Container container(String name, List<String> args, List<ContainerPort> ports, ComputeResources resources, int statusPort) {
        return new ContainerBuilder()
                .withName(name)
                .withImage(image)
                .withImagePullPolicy("IfNotPresent")
                .withArgs(args)
                .withEnv(env())
                .withPorts(ports)
                .withResources(resources.toRequirements())
                .withLivenessProbe(probe("/health", statusPort, 12))
                .withReadinessProbe(probe("/ready", statusPort, 2))
                .withVolumeMounts(mounts())
                .withSecurityContext(containerSecurity())
                .build();
    }

    /** Every raft-kv pod (PD, stores, backup and restore Jobs) runs as the image's nonroot user, with the default seccomp profile. */
    static PodSecurityContext podSecurity() {
        return new PodSecurityContextBuilder()
                .withRunAsNonRoot(true).withRunAsUser(IMAGE_UID).withRunAsGroup(IMAGE_UID).withFsGroup(IMAGE_UID)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .build();
    }

    /** Every raft-kv container: no privilege escalation, no capabilities, a read-only root filesystem. */
    static SecurityContext containerSecurity() {
        return new SecurityContextBuilder()
                .withRunAsNonRoot(true)
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .build();
    }

    private static List<EnvVar> env() {
        return List.of(field("POD_NAME", "metadata.name"), field("POD_NAMESPACE", "metadata.namespace"),
                field("NODE_NAME", "spec.nodeName"), field("POD_INDEX", "metadata.labels['" + POD_INDEX_LABEL + "']"));
    }

    private static EnvVar field(String name, String path) {
        return new EnvVarBuilder().withName(name).withNewValueFrom().withNewFieldRef().withFieldPath(path).endFieldRef()
                .endValueFrom().build();
    }

    private static ContainerPort port(String name, int port) {
        return new ContainerPortBuilder().withName(name).withContainerPort(port).withProtocol("TCP").build();
    }

    /** Liveness gives a busy process a minute; readiness takes a member out of its Service within ten seconds. */
    private static Probe probe(String path, int port, int failureThreshold) {
        return new ProbeBuilder()
                .withNewHttpGet().withPath(path).withPort(new IntOrString(port)).endHttpGet()
                .withInitialDelaySeconds(5)
                .withPeriodSeconds(5)
                .withTimeoutSeconds(3)
                .withFailureThreshold(failureThreshold)
                .build();
    }
}
