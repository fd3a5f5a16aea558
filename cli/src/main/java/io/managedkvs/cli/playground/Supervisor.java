package io.managedkvs.cli.playground;

import io.managedkvs.redis.actuator.Endpoint;
import io.managedkvs.redis.actuator.MemberFacts;
import io.managedkvs.redis.actuator.SentinelActuator;
import io.managedkvs.redis.actuator.SentinelState;
import io.managedkvs.redis.local.LocalProcess;
import io.managedkvs.redis.local.LocalRedisCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Plays the parts Kubernetes and the operator play for a real instance, on one thread: a process
 * that exited is started again, as the kubelet restarts a container, and the engine reconciles
 * (observe, plan, act, restarts for rolling updates) every period and at once after a failover.
 *
 * <p>A redis member that Sentinel still names as the primary is not started again while other members
 * exist: it would come back as the primary with older data than its replicas hold, and they would copy
 * it. It waits, however long, until Sentinel has promoted one of them; the pod start script holds the
 * same rule.
 */
final class Supervisor implements AutoCloseable {

    private final LocalRedisCluster cluster;
    private final PrimaryFollower follower;
    private final PlaygroundDir dir;
    private final EventLog events;
    private final ScheduledExecutorService executor;
    private final AtomicBoolean tickPending = new AtomicBoolean();
    /** Members held back because Sentinel still names them the primary, already reported. */
    private final Set<String> heldBack = new HashSet<>();
    private volatile boolean stopping;
    private volatile Reconciled latest;
    private String lastError;
    private List<PlaygroundDir.RunningProcess> recorded = List.of();

    Supervisor(LocalRedisCluster cluster, PrimaryFollower follower, PlaygroundDir dir, EventLog events) {
        this.cluster = cluster;
        this.follower = follower;
        this.dir = dir;
        this.events = events;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "playground-supervisor-" + cluster.instance());
            t.setDaemon(true);
            return t;
        });
    }

    Supervisor start(Duration period) {
        executor.scheduleWithFixedDelay(this::tickSafely, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** A reconcile as soon as the thread is free, coalesced with one already asked for. */
    void requestTick() {
        if (stopping || !tickPending.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.execute(() -> {
                tickPending.set(false);
                tickSafely();
            });
        } catch (RejectedExecutionException e) {
            tickPending.set(false);
        }
    }

    /** The last reconcile, or null before the first. */
    Reconciled latest() {
        return latest;
    }

    /** No process is started again from now on. */
    void beginStop() {
        stopping = true;
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            String message = String.valueOf(e.getMessage());
            if (!message.equals(lastError)) {
                lastError = message;
                events.note("reconcile failed (retried every second): " + cluster.actuator().clients().scrub(message));
            }
        }
    }

    private void tick() {
        if (stopping) {
            return;
        }
        long started = System.nanoTime();
        startExitedProcesses();
        if (stopping) {
            return;
        }
        SentinelActuator.Round round = cluster.reconcileOnce();
        lastError = null;
        boolean upToDate = cluster.desiredState().members().values().stream().allMatch(MemberFacts::upToDate);
        latest = new Reconciled(started, round, settled(round, cluster.sentinelMembers().size()), upToDate);
        Optional<String> promoted = round.result().promoted();
        if (promoted.isPresent()) {
            // As the operator labels the member a controlled failover promoted at once, without waiting for Sentinel to announce it.
            follower.promoted(promoted.flatMap(name -> cluster.topology().redis(name)));
        } else {
            follower.fromReconcile(started, round.plan().primary().flatMap(name -> cluster.topology().redis(name)));
        }
        List<PlaygroundDir.RunningProcess> now = running(cluster);
        if (!now.equals(recorded)) {
            dir.recordProcesses(now);
            recorded = now;
        }
    }

    private void startExitedProcesses() {
        for (String member : cluster.sentinelMembers()) {
            if (!cluster.process(member).isAlive() && !stopping) {
                cluster.startAgain(member);
                events.note("Sentinel " + member + " had exited; started it again");
            }
        }
        // Sentinel's primary, asked once per pass and only when a member is found dead.
        Optional<Endpoint> primary = Optional.empty();
        boolean asked = false;
        for (String member : cluster.redisMembers()) {
            LocalProcess p = cluster.process(member);
            if (p.isAlive()) {
                heldBack.remove(member);
                continue;
            }
            if (stopping) {
                continue;
            }
            if (!asked) {
                primary = cluster.actuator().primaryBySentinel(cluster.topology());
                asked = true;
            }
            boolean namedPrimary = primary.map(e -> e.name().equals(member)).orElse(false);
            if (namedPrimary && cluster.redisMembers().size() > 1) {
                if (heldBack.add(member)) {
                    events.note(member + " had exited; it is started again once Sentinel has promoted a replica: started earlier,"
                            + " it would come back as the primary with older data than its replicas, which would then copy it");
                }
                continue;
            }
            cluster.startAgain(member);
            heldBack.remove(member);
            events.note(member + " had exited; started it again" + (namedPrimary ? "" : primary.map(e -> " as a replica of " + e.name()).orElse("")));
        }
    }

    /**
     * Settled as a test or a benchmark needs it: roles settled and in sync, nothing left to do, every
     * Sentinel monitoring and knowing its peers (so that the next failover can be elected).
     */
    static boolean settled(SentinelActuator.Round round, int sentinels) {
        List<SentinelState> monitoring = round.observation().monitoringSentinels();
        return round.plan().settled() && round.plan().idle() && monitoring.size() == sentinels
                && monitoring.stream().allMatch(s -> s.numOtherSentinels() == sentinels - 1);
    }

    static List<PlaygroundDir.RunningProcess> running(LocalRedisCluster cluster) {
        List<PlaygroundDir.RunningProcess> out = new ArrayList<>();
        List<String> names = new ArrayList<>(cluster.redisMembers());
        names.addAll(cluster.sentinelMembers());
        for (String name : names) {
            LocalProcess p = cluster.process(name);
            if (p.isAlive()) {
                out.add(new PlaygroundDir.RunningProcess(name, p.pid(), p.port()));
            }
        }
        return out;
    }

    @Override
    public void close() {
        stopping = true;
        executor.shutdown();
        try {
            if (!executor.awaitTermination(60, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
