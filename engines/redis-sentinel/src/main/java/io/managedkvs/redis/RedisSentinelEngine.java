package io.managedkvs.redis;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.managedkvs.api.backup.BackupRequest;
import io.managedkvs.api.engine.BackupCapable;
import io.managedkvs.api.engine.ClusterChange;
import io.managedkvs.api.engine.ClusterView;
import io.managedkvs.api.engine.Credentials;
import io.managedkvs.api.engine.EngineStatus;
import io.managedkvs.api.engine.EngineStatus.Finding;
import io.managedkvs.api.engine.KvsEngine;
import io.managedkvs.api.engine.Member;
import io.managedkvs.api.engine.PlatformSettings;
import io.managedkvs.api.engine.ReconcileTrigger;
import io.managedkvs.api.engine.ResourceRef;
import io.managedkvs.api.engine.SpecViolation;
import io.managedkvs.api.engine.TlsCapable;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.resource.ManagedKVSSpec;
import io.managedkvs.redis.actuator.DesiredState;
import io.managedkvs.redis.actuator.ExecutionResult;
import io.managedkvs.redis.actuator.MemberFacts;
import io.managedkvs.redis.actuator.Observation;
import io.managedkvs.redis.actuator.Plan;
import io.managedkvs.redis.actuator.RedisClients;
import io.managedkvs.redis.actuator.Restart;
import io.managedkvs.redis.actuator.SentinelActuator;
import io.managedkvs.redis.actuator.TlsReload;
import io.managedkvs.redis.actuator.TlsRotation;
import io.managedkvs.redis.actuator.Topology;
import io.managedkvs.redis.config.DirectiveCatalogue;
import io.managedkvs.redis.config.RedisSettings;
import io.managedkvs.redis.config.SentinelSettings;
import io.managedkvs.redis.model.BackupPods;
import io.managedkvs.redis.model.PodTls;
import io.managedkvs.redis.model.RedisNames;
import io.managedkvs.redis.model.RedisSentinelModel;
import io.managedkvs.redis.validation.RedisSpecValidator;
import io.managedkvs.tls.Pem;
import io.managedkvs.tls.TlsFiles;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Redis made highly available by Sentinel: one primary, read replicas, automatic failover. The
 * resources come from {@link RedisSentinelModel}; the data plane is driven by the
 * {@link SentinelActuator}; a Sentinel subscription per instance wakes the operator on failovers.
 * Backups are RDB snapshots read from a replica ({@link BackupPods}, {@code io.managedkvs.redis.backup}).
 */
public final class RedisSentinelEngine implements KvsEngine<RedisObservation>, BackupCapable, TlsCapable, AutoCloseable {

    public static final String NAME = RedisNames.ENGINE;
    private static final int OBSERVER_THREADS = 8;

    private final DirectiveCatalogue catalogue = DirectiveCatalogue.standard();
    private final RedisSentinelModel model;
    private final BackupPods backupPods;
    private final RedisSpecValidator validator;
    private final MemberAddressing addressing;
    private final Clock clock;
    private final Duration timeout;
    private final EventWatchers watchers;
    private final TlsContexts tlsContexts = new TlsContexts();
    private final Map<ResourceRef, ExecutionResult> lastActs = new ConcurrentHashMap<>();
    /** Observes the members of an instance side by side; bounded, shared by every instance. */
    private final ExecutorService observers = Executors.newFixedThreadPool(OBSERVER_THREADS, daemon("redis-observer"));

    public RedisSentinelEngine(PlatformSettings platform, ReconcileTrigger trigger) {
        this(platform, trigger, new PodAddressing(), Clock.systemUTC(), RedisClients.DEFAULT_TIMEOUT);
    }

    /**
     * @param platform   the installation's settings
     * @param trigger    asks the operator to reconcile an instance now
     * @param addressing how members are reached
     * @param clock      for failover times
     * @param timeout    connect and read timeout towards members
     */
    public RedisSentinelEngine(PlatformSettings platform, ReconcileTrigger trigger, MemberAddressing addressing, Clock clock, Duration timeout) {
        this.model = new RedisSentinelModel(platform, catalogue);
        this.backupPods = new BackupPods(platform);
        this.validator = new RedisSpecValidator(catalogue);
        this.addressing = addressing;
        this.clock = clock;
        this.timeout = timeout;
        this.watchers = new EventWatchers(trigger);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<SpecViolation> validate(ManagedKVS resource) {
        return validator.validate(resource);
    }

    @Override
    public List<HasMetadata> desiredResources(ManagedKVS resource) {
        return model.resources(resource);
    }

    /** Mounted whole into every pod (see {@link PodTls}); the operator also dials members with them. */
    @Override
    public List<String> tlsSecretKeys() {
        return List.of(TlsFiles.CERT, TlsFiles.KEY, TlsFiles.CA);
    }

    @Override
    public PodSpec backupPod(ManagedKVS instance, BackupRequest request) {
        return backupPods.backupPod(instance, request);
    }

    @Override
    public RedisObservation observe(ManagedKVS resource, ClusterView view) {
        Topology topology = addressing.topology(resource, view);
        DesiredState desired = desiredState(resource, view);
        Optional<String> password = password(resource, view);
        if (authRequired(resource) && password.isEmpty()) {
            Plan waiting = new Plan(Optional.empty(), List.of(), List.of(),
                    List.of(Finding.down("CredentialsMissing", "The credentials Secret "
                            + resource.getSpec().effectiveAuth().secretNameFor(resource.getMetadata().getName())
                            + " has no password yet; members cannot be reached")), List.of(), 0, false);
            return new RedisObservation(topology, desired, new Observation(topology, List.of(), List.of(), clock.instant()), waiting);
        }
        RedisClients clients = clients(resource, view, password);
        SentinelActuator actuator = actuator(clients);
        Observation observation = actuator.observe(topology, desired);
        if (!observation.authenticationFailed()) {
            watchers.ensure(ResourceRef.of(resource), topology, clients, view.tls());
        }
        Plan plan = actuator.plan(desired, observation);
        if (password.isPresent() && !sentinelSafe(password.get())) {
            List<Finding> problems = new ArrayList<>(plan.problems());
            problems.add(Finding.degraded("PasswordNotSentinelSafe", "The password in Secret "
                    + resource.getSpec().effectiveAuth().secretNameFor(resource.getMetadata().getName())
                    + " contains whitespace or quotes. Sentinel writes it into its configuration file unquoted, so a Sentinel"
                    + " that restarts cannot read its file back; use a password without whitespace and quotes"));
            plan = new Plan(plan.primary(), plan.steps(), plan.restarts(), problems, plan.progress(), plan.membersReady(), plan.settled());
        }
        return new RedisObservation(topology, desired, observation, plan, tlsRotation(clients, topology, view));
    }

    /** Who serves a certificate other than the Secret's (a rotation the kubelet has or will have put into the pods). */
    private static TlsRotation tlsRotation(RedisClients clients, Topology topology, ClusterView view) {
        if (clients.tls().isEmpty() || view.tls().isEmpty()) {
            return TlsRotation.NONE;
        }
        X509Certificate expected = Pem.certificates(view.tls().get().certificatePem()).get(0);
        return TlsRotation.observe(new TlsReload(clients), topology, expected);
    }

    /** Sentinel 6.2–7.4 rewrite sentinel-pass and auth-pass without quoting them. */
    static boolean sentinelSafe(String password) {
        return password.chars().noneMatch(c -> Character.isWhitespace(c) || c == '"' || c == '\'');
    }

    @Override
    public List<ClusterChange> act(ManagedKVS resource, ClusterView view, RedisObservation o) {
        ResourceRef ref = ResourceRef.of(resource);
        if (o.observation().authenticationFailed() || o.plan().hasProblem("CredentialsMissing")) {
            lastActs.remove(ref);
            return List.of();
        }
        RedisClients clients = clients(resource, view, password(resource, view));
        ExecutionResult result = actuator(clients).execute(o.topology(), o.plan().steps(), "ManagedKVS(" + ref + ")");
        lastActs.put(ref, result);
        List<ClusterChange> changes = new ArrayList<>(RoleLabels.changes(view.members(RedisNames.COMPONENT_REDIS),
                result.promoted().or(() -> o.plan().primary())));
        if (result.succeeded()) {
            for (Restart r : o.plan().restarts()) {
                changes.add(new ClusterChange.RestartMember(r.member(), r.reason()));
            }
            changes.addAll(new CertificateRotation(clients, ref).act(o.tlsRotation(), view));
        }
        return changes;
    }

    @Override
    public EngineStatus status(ManagedKVS resource, ClusterView view, RedisObservation o) {
        return StatusReport.of(resource, view, o, Optional.ofNullable(lastActs.remove(ResourceRef.of(resource))), clock.instant());
    }

    @Override
    public void forget(ResourceRef resource) {
        watchers.forget(resource);
        lastActs.remove(resource);
        tlsContexts.forget(resource);
    }

    /** Whether a Sentinel subscription runs for the instance. */
    public boolean watching(ResourceRef resource) {
        return watchers.watching(resource);
    }

    @Override
    public void close() {
        watchers.close();
        observers.shutdownNow();
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** What the planner should converge to for this resource and these pods. */
    DesiredState desiredState(ManagedKVS resource, ClusterView view) {
        ManagedKVSSpec spec = resource.getSpec();
        String hash = model.redisTemplateHash(resource);
        Map<String, MemberFacts> facts = new LinkedHashMap<>();
        for (Member m : view.members(RedisNames.COMPONENT_REDIS)) {
            String label = m.label(RedisSentinelModel.TEMPLATE_HASH_LABEL);
            boolean upToDate = label != null ? label.equals(hash) : m.upToDate();
            facts.put(m.name(), new MemberFacts(m.ordinal(), upToDate, m.ready() && !m.terminating()));
        }
        return new DesiredState(spec.effectiveReplicas(),
                SentinelSettings.of(spec.redis() == null ? null : spec.redis().sentinel()),
                RedisSettings.of(spec.redis(), spec.effectiveReplicas()).dynamicConfig(catalogue), facts);
    }

    /** Connections to the members: with the password, and over TLS with the Secret's certificate when spec.tls is on. */
    private RedisClients clients(ManagedKVS resource, ClusterView view, Optional<String> password) {
        return new RedisClients(password, timeout, tlsContexts.of(ResourceRef.of(resource), view.tls()));
    }

    private SentinelActuator actuator(RedisClients clients) {
        return new SentinelActuator(clients, clock, SentinelActuator.DEFAULT_FAILOVER_PAUSE, observers);
    }

    private static boolean authRequired(ManagedKVS resource) {
        return resource.getSpec().effectiveAuth().enabledOrDefault();
    }

    private static Optional<String> password(ManagedKVS resource, ClusterView view) {
        return authRequired(resource) ? view.credentials().map(Credentials::password).filter(p -> !p.isEmpty()) : Optional.empty();
    }
}
