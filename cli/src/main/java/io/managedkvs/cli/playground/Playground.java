package io.managedkvs.cli.playground;

import io.managedkvs.api.backup.BackupReport;
import io.managedkvs.api.resource.RedisSpec;
import io.managedkvs.api.resource.SentinelSpec;
import io.managedkvs.cli.CliFailure;
import io.managedkvs.cli.forward.TcpForwarder;
import io.managedkvs.redis.actuator.Endpoint;
import io.managedkvs.redis.actuator.RedisClients;
import io.managedkvs.redis.backup.RedisRestore;
import io.managedkvs.redis.actuator.SentinelActuator;
import io.managedkvs.redis.config.RedisSettings;
import io.managedkvs.redis.config.SentinelSettings;
import io.managedkvs.redis.local.LocalRedisCluster;
import io.managedkvs.redis.local.LocalTls;
import io.managedkvs.redis.local.RedisBinaries;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * A running local instance of the redis-sentinel engine: real redis-server and redis-sentinel
 * processes with configurations rendered by the engine, bootstrapped by the engine's actuator, a
 * read-write address that follows the primary (a {@link TcpForwarder} in place of the read-write
 * Service) and a {@link Supervisor} in place of the kubelet and the operator.
 */
public final class Playground implements AutoCloseable, StopOnSignal.Stoppable {

    /** Client connections the read-write address serves at once. */
    public static final int MAX_CONNECTIONS = 64;
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    static final Duration BOOTSTRAP_TIMEOUT = Duration.ofSeconds(90);
    static final Duration RECONCILE_PERIOD = Duration.ofSeconds(1);

    private final PlaygroundSpec spec;
    private final PlaygroundDir dir;
    private final LocalRedisCluster cluster;
    private final Optional<PlaygroundCertificates> certificates;
    private final TcpForwarder forwarder;
    private final EventLog events;
    private volatile PrimaryFollower follower;
    private volatile Supervisor supervisor;
    private volatile boolean stopping;
    private boolean stopped;

    private Playground(PlaygroundSpec spec, PlaygroundDir dir, LocalRedisCluster cluster, Optional<PlaygroundCertificates> certificates,
                       TcpForwarder forwarder, EventLog events) {
        this.spec = spec;
        this.dir = dir;
        this.cluster = cluster;
        this.certificates = certificates;
        this.forwarder = forwarder;
        this.events = events;
    }

    /**
     * Starts every process, bootstraps replication and Sentinel with the engine's actuator, and
     * returns once the instance is settled. On failure, or when {@code cancelled} turns true first,
     * everything started is killed and the directory released.
     */
    public static Playground start(PlaygroundSpec spec, PlaygroundDir dir, RedisBinaries binaries, EventLog events,
                                   BooleanSupplier cancelled) {
        ClusterShape shape = spec.shape();
        SentinelSettings sentinel = SentinelSettings.of(new SentinelSpec(shape.sentinels(), null, shape.downAfterMs(), null, null, null));
        Playground playground;
        try {
            // Made before the cluster is built: its clients read the client certificate at once.
            Optional<PlaygroundCertificates> certificates = spec.tls() ? Optional.of(PlaygroundCertificates.generate(dir.path(),
                    LocalRedisCluster.names(spec.name(), shape.replicas(), shape.sentinels()), Instant.now())) : Optional.empty();
            // Without a password the certificate is the only credential, so it is required (decision 0015).
            LocalTls tls = new LocalTls(dir.path().resolve(PlaygroundCertificates.DIR), shape.password().isEmpty());
            LocalRedisCluster cluster = LocalRedisCluster.builder(spec.name(), dir.path())
                    .redisMembers(shape.replicas())
                    .sentinels(shape.sentinels())
                    .password(shape.password().orElse(null))
                    .tls(spec.tls() ? tls : null)
                    .settings(RedisSettings.of(RedisSpec.DEFAULT, shape.replicas()))
                    .sentinelSettings(sentinel)
                    .binaries(binaries)
                    .firstPort(spec.ports().firstMember())
                    .build();
            TcpForwarder forwarder = new TcpForwarder(new InetSocketAddress(InetAddress.getLoopbackAddress(), spec.ports().readWrite()),
                    MAX_CONNECTIONS, CONNECT_TIMEOUT);
            playground = new Playground(spec, dir, cluster, certificates, forwarder, events);
        } catch (RuntimeException e) {
            dir.close();
            throw new CliFailure("could not set up the playground: " + e.getMessage(), e);
        }
        events.note("starting " + shape.replicas() + " redis-server and " + shape.sentinels() + " redis-sentinel processes in "
                + dir.path() + (spec.tls() ? ", TLS only, with certificates of a CA made for this run in "
                + dir.path().resolve(PlaygroundCertificates.DIR) : ""));
        try {
            playground.boot(cancelled);
            return playground;
        } catch (RuntimeException e) {
            playground.close();
            throw new CliFailure("could not start the playground: " + e.getMessage() + " (logs are in " + dir.path() + ")", e);
        }
    }

    private void boot(BooleanSupplier cancelled) {
        spec.restore().ifPresent(this::restore);
        forwarder.start();
        try {
            cluster.start();
        } finally {
            dir.recordProcesses(Supervisor.running(cluster));
        }
        Endpoint primary = bootstrap(cancelled);
        follower = new PrimaryFollower(cluster, forwarder, events, this::requestReconcile).start(primary);
        supervisor = new Supervisor(cluster, follower, dir, events).start(RECONCILE_PERIOD);
    }

    /**
     * Loads the backup into every member's data directory before any starts, as the restore init
     * container does in a pod: whichever member becomes the primary has the data. A backup that does
     * not match its checksum stops the start with the store's message.
     */
    private void restore(PlaygroundSpec.RestoreFrom from) {
        for (String member : cluster.redisMembers()) {
            BackupReport report = RedisRestore.restore(from.store(), from.backup(), cluster.dataDir(member));
            if (!report.succeeded()) {
                throw new IllegalStateException(report.message());
            }
        }
        events.note("loaded backup " + from.backup() + " from " + from.store().location(from.backup()) + " into "
                + cluster.redisMembers().size() + " members");
    }

    /** Reconciles until settled, as the operator does for a new instance. */
    private Endpoint bootstrap(BooleanSupplier cancelled) {
        long deadline = System.nanoTime() + BOOTSTRAP_TIMEOUT.toNanos();
        SentinelActuator.Round round = null;
        while (System.nanoTime() < deadline) {
            if (cancelled.getAsBoolean()) {
                throw new IllegalStateException("stopped while starting");
            }
            round = cluster.reconcileOnce();
            if (Supervisor.settled(round, spec.shape().sentinels())) {
                // What a Sentinel-aware client would connect to; settled means the engine agrees.
                String name = round.plan().primary().orElseThrow();
                return cluster.actuator().primaryBySentinel(cluster.topology())
                        .orElseGet(() -> cluster.topology().redis(name).orElseThrow());
            }
            pause(200);
        }
        throw new IllegalStateException("the members did not settle within " + BOOTSTRAP_TIMEOUT.toSeconds() + " s; last findings: "
                + (round == null ? "none" : round.plan().problems() + " " + round.plan().progress()));
    }

    private void requestReconcile() {
        Supervisor s = supervisor;
        if (s != null) {
            s.requestTick();
        }
    }

    public PlaygroundSpec spec() {
        return spec;
    }

    public String masterName() {
        return spec.name();
    }

    public Path dir() {
        return dir.path();
    }

    /** The read-write address: always forwards to the current primary. */
    public InetSocketAddress readWriteAddress() {
        return forwarder.address();
    }

    /** The read-write address as {@code host:port}. */
    public String readWriteHostPort() {
        return PrimaryFollower.hostPort(forwarder.address());
    }

    public List<Endpoint> sentinels() {
        return cluster.topology().sentinels();
    }

    public List<Endpoint> members() {
        return cluster.topology().redis();
    }

    public long pid(String member) {
        return cluster.process(member).pid();
    }

    /** The primary the read-write address forwards to. */
    public Endpoint primary() {
        return follower.current();
    }

    /** The primary as Sentinel names it now. */
    public Optional<Endpoint> primaryBySentinel() {
        return cluster.actuator().primaryBySentinel(cluster.topology());
    }

    public RedisClients clients() {
        return cluster.actuator().clients();
    }

    /** The certificates of a playground that serves TLS only; empty for plain text. */
    public Optional<PlaygroundCertificates> certificates() {
        return certificates;
    }

    /** Failovers seen since the start: distinct {@code +switch-master} events. */
    public long failoversSeen() {
        return follower.switchEvents();
    }

    /** SIGKILL of a member; the supervisor starts it again once that is safe. */
    public void kill(String member) {
        cluster.kill(member);
    }

    /**
     * Changes restart-required redis.conf directives, as a change of the spec would: the supervisor's
     * reconciles then roll the members, replicas first, with one controlled failover.
     */
    public void changeRestartConfig(Map<String, String> config) {
        cluster.redefine(RedisSettings.of(new RedisSpec(config, null, null, null, null), spec.shape().replicas()));
    }

    /**
     * Waits for a reconcile that began after {@code afterNanos} and satisfies {@code done}; throws a
     * {@link CliFailure} naming {@code what} and the last findings otherwise.
     */
    public Reconciled awaitReconciled(long afterNanos, Predicate<Reconciled> done, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Reconciled last = null;
        while (System.nanoTime() < deadline) {
            if (stopping) {
                throw new CliFailure("stopped before " + what);
            }
            last = supervisor.latest();
            if (last != null && last.startedNanos() - afterNanos > 0 && done.test(last)) {
                return last;
            }
            pause(100);
        }
        throw new CliFailure(what + " did not happen within " + timeout.toSeconds() + " s; last findings: "
                + (last == null ? "none" : last.round().plan().problems() + " " + last.round().plan().progress())
                + " (logs are in " + dir.path() + ")");
    }

    /** From a shutdown hook: no process is started again from now on. */
    public void beginStop() {
        stopping = true;
        Supervisor s = supervisor;
        if (s != null) {
            s.beginStop();
        }
    }

    /** Whether it is stopping or stopped. */
    public boolean stopping() {
        return stopping;
    }

    /** Stops everything gracefully (members save their data), Sentinels first, and releases the directory. */
    public void stop() {
        end(true);
    }

    /** Kills everything (SIGKILL) and releases the directory. */
    @Override
    public void close() {
        end(false);
    }

    private void end(boolean graceful) {
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
        }
        beginStop();
        try {
            if (supervisor != null) {
                supervisor.close();
            }
            if (follower != null) {
                follower.close();
            }
            forwarder.close();
            if (graceful) {
                cluster.shutdown();
            } else {
                cluster.close();
            }
        } finally {
            try {
                dir.recordProcesses(Supervisor.running(cluster));
            } finally {
                dir.close();
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure("interrupted", e);
        }
    }
}
