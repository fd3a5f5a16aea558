package io.managedkvs.redis.local;

import io.managedkvs.redis.actuator.Endpoint;
import io.managedkvs.redis.actuator.SentinelActuator;
import io.managedkvs.redis.config.SentinelSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
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

    public static Jedis connect(LocalRedisCluster cluster, String member, String password) {
        Endpoint e = cluster.topology().redis(member).orElseGet(() -> cluster.topology().sentinels().stream()
                .filter(s -> s.name().equals(member)).findFirst().orElseThrow());
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
