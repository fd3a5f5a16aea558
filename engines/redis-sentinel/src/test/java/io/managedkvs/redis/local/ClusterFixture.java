package io.managedkvs.redis.local;

import io.managedkvs.redis.actuator.Endpoint;
import io.managedkvs.redis.actuator.NodeState;
import io.managedkvs.redis.actuator.Observation;
import io.managedkvs.redis.actuator.SentinelActuator;
import io.managedkvs.redis.actuator.SentinelState;
import io.managedkvs.redis.config.SentinelSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import redis.clients.jedis.Jedis;

/** Helpers for tests that run a local cluster. */
public final class ClusterFixture {

    /** Sentinel settings that make failovers happen within a couple of seconds. */
    public static final SentinelSettings FAST = new SentinelSettings(3, 2, 1000, 3000, 1);

    private ClusterFixture() {
    }

    public static LocalRedisCluster.Builder cluster(String name, Path dir, String password) {
        return LocalRedisCluster.builder(name, dir).redisMembers(3).sentinels(3).password(password).sentinelSettings(FAST);
    }

    /** Reconciles until the predicate holds on a round, or fails with the last plan. */
    public static SentinelActuator.Round converge(LocalRedisCluster cluster, Duration timeout,
                                                  Predicate<SentinelActuator.Round> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        SentinelActuator.Round round = null;
        while (System.nanoTime() < deadline) {
            round = cluster.reconcileOnce();
            if (done.test(round)) {
                return round;
            }
            sleep(200);
        }
        throw new AssertionError("did not converge within " + timeout + "; last plan: " + (round == null ? null : round.plan()));
    }

    /** Settled, with nothing left to do. */
    public static SentinelActuator.Round settle(LocalRedisCluster cluster, Duration timeout) {
        return converge(cluster, timeout, r -> r.plan().settled() && r.plan().idle()
                && r.observation().monitoringSentinels().size() == cluster.sentinelMembers().size()
                && r.observation().sentinels().stream().allMatch(s -> s.numOtherSentinels() == cluster.sentinelMembers().size() - 1));
    }

    /**
     * Who is primary, who follows whom, what every Sentinel monitors and knows, and the directives the
     * engine manages, per member and Sentinel: what a round that changed nothing leaves equal. Offsets,
     * lags and link states are left out; they move on their own.
     */
    public static Map<String, String> replicationState(Observation o) {
        Map<String, String> out = new TreeMap<>();
        for (NodeState n : o.nodes()) {
            out.put(n.name(), "reachable=" + n.reachable() + " role=" + n.role()
                    + (n.isReplica() ? " follows=" + n.masterHost() + ":" + n.masterPort() : "")
                    + " replicas=" + n.replicas().stream().map(l -> l.host() + ":" + l.port()).sorted().toList()
                    + " runId=" + n.runId() + " config=" + new TreeMap<>(n.config()));
        }
        for (SentinelState s : o.sentinels()) {
            out.put(s.name(), "reachable=" + s.reachable() + " monitors=" + s.monitors() + " master=" + s.masterHost() + ":"
                    + s.masterPort() + " epoch=" + s.configEpoch() + " peers=" + s.numOtherSentinels()
                    + " settings=" + new TreeMap<>(s.settings())
                    + " replicas=" + s.replicas().stream().map(k -> k.host() + ":" + k.port()).sorted().toList()
                    + " sentinels=" + s.sentinels().stream().map(k -> k.host() + ":" + k.port()).sorted().toList());
        }
        return out;
    }

    /**
     * {@link #replicationState} once it has stopped moving: every Sentinel monitors the instance and
     * knows its peers and every replica, and two observations a second apart agree.
     */
    public static Map<String, String> steadyReplicationState(LocalRedisCluster cluster, Duration timeout) {
        int sentinels = cluster.sentinelMembers().size();
        int replicas = cluster.redisMembers().size() - 1;
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, String> last = null;
        while (System.nanoTime() < deadline) {
            Observation o = cluster.actuator().observe(cluster.topology(), cluster.desiredState());
            boolean complete = o.monitoringSentinels().size() == sentinels && o.monitoringSentinels().stream()
                    .allMatch(s -> s.numOtherSentinels() == sentinels - 1 && s.replicas().size() == replicas);
            Map<String, String> now = replicationState(o);
            if (complete && now.equals(last)) {
                return now;
            }
            last = complete ? now : null;
            sleep(1000);
        }
        throw new AssertionError("the replication state did not settle within " + timeout + "; last: " + last);
    }

    public static Jedis connect(LocalRedisCluster cluster, String member, String password) {
        Endpoint e = cluster.topology().redis(member).orElseGet(() -> cluster.topology().sentinels().stream()
                .filter(s -> s.name().equals(member)).findFirst().orElseThrow());
        if (cluster.tls().isPresent()) {
            return cluster.clients().open(e); // over TLS with the client certificate, and the cluster's password
        }
        Jedis j = new Jedis(e.dialHost(), e.port(), 2000);
        if (password != null) {
            j.auth(password);
        }
        return j;
    }

    /**
     * Stops a process with SIGSTOP: its sockets stay open and nothing answers, as when a node
     * vanishes without closing its connections. {@link LocalRedisCluster#close()} still kills it.
     */
    public static void freeze(LocalRedisCluster cluster, String member) {
        long pid = cluster.process(member).pid();
        try {
            Process kill = new ProcessBuilder("kill", "-STOP", Long.toString(pid)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new AssertionError("could not freeze " + member + " (pid " + pid + ")");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
