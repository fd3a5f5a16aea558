package io.managedkvs.raftkv.engine;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.managedkvs.api.backup.BackupRequest;
import io.managedkvs.api.engine.BackupCapable;
import io.managedkvs.api.engine.ClusterChange;
import io.managedkvs.api.engine.ClusterView;
import io.managedkvs.api.engine.EngineStatus;
import io.managedkvs.api.engine.KvsEngine;
import io.managedkvs.api.engine.Member;
import io.managedkvs.api.engine.PlatformSettings;
import io.managedkvs.api.engine.ResourceRef;
import io.managedkvs.api.engine.SpecViolation;
import io.managedkvs.api.engine.TlsCapable;
import io.managedkvs.api.engine.TlsMaterial;
import io.managedkvs.raftkv.client.TransportSecurity;
import io.managedkvs.tls.TlsFiles;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.resource.ManagedKVSSpec;
import io.managedkvs.api.resource.RaftKvSpec;
import io.managedkvs.api.resource.RaftKvStatus;
import io.managedkvs.raftkv.engine.actuator.PdCluster;
import io.managedkvs.raftkv.engine.actuator.PdStep;
import io.managedkvs.raftkv.engine.actuator.Plan;
import io.managedkvs.raftkv.engine.actuator.Planner;
import io.managedkvs.raftkv.engine.actuator.StoreMember;
import io.managedkvs.raftkv.engine.actuator.Timing;
import io.managedkvs.raftkv.engine.model.RaftKvBackupPod;
import io.managedkvs.raftkv.engine.model.RaftKvModel;
import io.managedkvs.raftkv.engine.model.RaftKvNames;
import io.managedkvs.raftkv.engine.pd.PdAdmin;
import io.managedkvs.raftkv.engine.pd.PdUnavailableException;
import io.managedkvs.raftkv.engine.validation.RaftKvSpecValidator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in Multi-Raft store: stores and a placement driver (PD). The resources come from
 * {@link RaftKvModel}; the {@link Planner} decides from PD's view what to do next, and this class
 * carries out the PD side of it through {@link PdAdmin}, leaving pod restarts and replacements to
 * the operator.
 */
public final class RaftKvEngine implements KvsEngine<RaftKvObservation>, BackupCapable, TlsCapable, AutoCloseable {

    public static final String NAME = RaftKvNames.ENGINE;
    public static final Duration DEFAULT_PD_DEADLINE = Duration.ofSeconds(3);

    private static final Logger LOG = LoggerFactory.getLogger(RaftKvEngine.class);

    private final RaftKvModel model;
    private final RaftKvBackupPod backupPod;
    private final RaftKvSpecValidator validator;
    private final Planner planner;
    private final PdAddressing addressing;
    private final Clock clock;
    private final Duration pdDeadline;
    private final Map<ResourceRef, Admin> admins = new ConcurrentHashMap<>();

    /** A PD client and what it was made for: a new address list or a rotated Secret makes a new one. */
    private record Admin(PdAdmin pd, List<String> addresses, Optional<TlsMaterial> tls) {
    }
    private final Map<ResourceRef, List<String>> lastFailures = new ConcurrentHashMap<>();

    public RaftKvEngine(PlatformSettings platform) {
        this(platform, RaftKvEngine::pdService, Clock.systemUTC(), DEFAULT_PD_DEADLINE, Timing.DEFAULT);
    }

    /**
     * @param platform   the installation's settings
     * @param addressing where each instance's placement driver is reached
     * @param clock      to judge how long a store has been silent
     * @param pdDeadline how long one call to the placement driver may take
     * @param timing     how quickly stores are judged down and may be replaced
     */
    public RaftKvEngine(PlatformSettings platform, PdAddressing addressing, Clock clock, Duration pdDeadline, Timing timing) {
        this.model = new RaftKvModel(platform);
        this.backupPod = new RaftKvBackupPod(platform);
        this.validator = new RaftKvSpecValidator(timing.minReplaceAfter());
        this.planner = new Planner(timing);
        this.addressing = addressing;
        this.clock = clock;
        this.pdDeadline = pdDeadline;
    }

    /** The placement driver's client Service, in the instance's namespace. */
    public static List<String> pdService(ManagedKVS resource, ClusterView view) {
        RaftKvNames names = RaftKvModel.names(resource);
        return List.of(names.serviceHost(names.pdService()) + ":" + RaftKvNames.PD_PORT);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The PD and store processes read these from the mounted Secret (--tls-dir); the operator dials PD with them. */
    @Override
    public List<String> tlsSecretKeys() {
        return List.of(TlsFiles.CERT, TlsFiles.KEY, TlsFiles.CA);
    }

    @Override
    public List<SpecViolation> validate(ManagedKVS resource) {
        return validator.validate(resource);
    }

    @Override
    public List<HasMetadata> desiredResources(ManagedKVS resource) {
        return model.resources(resource);
    }

    @Override
    public RaftKvObservation observe(ManagedKVS resource, ClusterView view) {
        List<StoreMember> stores = storeMembers(resource, view);
        Instant now = clock.instant();
        PdCluster cluster;
        try {
            cluster = admin(resource, view).clusterStatus();
        } catch (PdUnavailableException e) {
            return new RaftKvObservation(Optional.empty(), e.getMessage(), stores, Optional.empty(), now);
        }
        ManagedKVSSpec spec = resource.getSpec();
        RaftKvSpec raftKv = spec.effectiveRaftKv();
        Plan plan = planner.plan(new Planner.Input(spec.effectiveReplicas(), raftKv.effectiveReplicationFactor(),
                raftKv.effectiveDownStoreReplaceAfter(), stores, cluster, replacedBefore(resource), now));
        return new RaftKvObservation(Optional.of(cluster), null, stores, Optional.of(plan), now);
    }

    @Override
    public List<ClusterChange> act(ManagedKVS resource, ClusterView view, RaftKvObservation o) {
        ResourceRef ref = ResourceRef.of(resource);
        if (o.plan().isEmpty()) {
            lastFailures.remove(ref);
            return List.of();
        }
        Plan plan = o.plan().get();
        List<String> failures = new ArrayList<>();
        PdAdmin admin = admin(resource, view);
        for (PdStep step : plan.pdSteps()) {
            try {
                String refused = run(admin, step);
                if (refused != null) {
                    LOG.info("ManagedKVS({}) store {} (pod {}): the placement driver refused {}: {}", ref, step.storeId(), step.pod(),
                            step.kind(), refused);
                    if (!plan.replaced().contains(step.storeId())) {
                        failures.add("the placement driver refused to remove store " + step.storeId() + " (pod " + step.pod() + "): " + refused);
                    }
                } else {
                    LOG.info("ManagedKVS({}) store {} (pod {}): {} because {}", ref, step.storeId(), step.pod(), step.kind(), step.why());
                }
            } catch (PdUnavailableException e) {
                failures.add(e.getMessage());
            }
        }
        lastFailures.put(ref, failures);
        return plan.changes();
    }

    /** Runs one step; returns the placement driver's refusal of a removal, or null. */
    private static String run(PdAdmin admin, PdStep step) {
        return switch (step.kind()) {
            case REMOVE -> admin.removeStore(step.storeId());
            case EVICT_LEADERS -> {
                admin.setLeaderEviction(step.storeId(), true);
                yield null;
            }
            case READMIT_LEADERS -> {
                admin.setLeaderEviction(step.storeId(), false);
                yield null;
            }
        };
    }

    @Override
    public EngineStatus status(ManagedKVS resource, ClusterView view, RaftKvObservation o) {
        List<String> failures = lastFailures.getOrDefault(ResourceRef.of(resource), List.of());
        return StatusReport.of(resource, view, o, failures, planner);
    }

    @Override
    public void forget(ResourceRef resource) {
        lastFailures.remove(resource);
        Admin admin = admins.remove(resource);
        if (admin != null) {
            admin.pd().close();
        }
    }

    @Override
    public PodSpec backupPod(ManagedKVS instance, BackupRequest request) {
        return backupPod.render(instance, request);
    }

    /** A backup is loaded through Raft once the new instance serves (decision 0012): by a Job, not in the store pods. */
    @Override
    public Optional<PodSpec> restoreJobPod(ManagedKVS instance) {
        return Optional.of(backupPod.renderRestore(instance));
    }

    @Override
    public void close() {
        admins.values().forEach(a -> a.pd().close());
        admins.clear();
    }

    private List<StoreMember> storeMembers(ManagedKVS resource, ClusterView view) {
        String hash = model.storeTemplateHash(resource);
        List<StoreMember> out = new ArrayList<>();
        for (Member m : view.members(RaftKvNames.COMPONENT_STORE)) {
            String label = m.label(RaftKvModel.TEMPLATE_HASH_LABEL);
            boolean upToDate = label != null ? label.equals(hash) : m.upToDate();
            out.add(new StoreMember(m.name(), m.ordinal(), m.ready() && !m.terminating(), m.terminating(), upToDate));
        }
        return out;
    }

    private static Set<Long> replacedBefore(ManagedKVS resource) {
        Set<Long> out = new HashSet<>();
        if (resource.getStatus() != null && resource.getStatus().raftKv() != null) {
            for (RaftKvStatus.StoreStatus s : resource.getStatus().raftKv().stores()) {
                if (Boolean.TRUE.equals(s.replaced()) && s.id() != null) {
                    out.add(s.id());
                }
            }
        }
        return out;
    }

    private PdAdmin admin(ManagedKVS resource, ClusterView view) {
        List<String> addresses = addressing.addresses(resource, view);
        Optional<TlsMaterial> tls = view.tls();
        return admins.compute(ResourceRef.of(resource), (ref, existing) -> {
            if (existing != null && existing.addresses().equals(addresses) && existing.tls().equals(tls)) {
                return existing;
            }
            if (existing != null) {
                existing.pd().close();
            }
            TransportSecurity security = tls.map(t -> TransportSecurity.mutualTls(t.certificatePem(), t.keyPem(), t.authorityPem()))
                    .orElse(TransportSecurity.plaintext());
            return new Admin(new PdAdmin(addresses, pdDeadline, security.channelCredentials()), addresses, tls);
        }).pd();
    }
}
