package io.managedkvs.redis.actuator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ClientPauseMode;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A failover that loses no acknowledged write, for rolling updates and scale-in:
 *
 * <ol>
 *   <li>{@code CLIENT PAUSE WRITE} on the primary: writes wait, and its replication offset stops;</li>
 *   <li>wait until every online replica has acknowledged that offset;</li>
 *   <li>{@code SENTINEL FAILOVER} on one Sentinel, which promotes one of those replicas;</li>
 *   <li>as soon as a replica reports the primary role, {@code REPLICAOF} it on the old primary
 *       (what Sentinel would do a little later), then unpause: the writes that waited now fail with
 *       READONLY instead of being acknowledged by a primary that is about to be demoted.</li>
 * </ol>
 *
 * If the replicas do not catch up or Sentinel refuses, the pause is lifted and nothing changed. If
 * Sentinel accepted but no promotion is seen before the pause ends, the pause simply expires.
 */
final class ControlledFailover {

    private static final Logger LOG = LoggerFactory.getLogger(ControlledFailover.class);
    private static final long POLL_MILLIS = 20;

    private final RedisClients clients;
    private final String masterName;
    private final Duration pause;
    private final Duration catchUp;

    ControlledFailover(RedisClients clients, String masterName, Duration pause, Duration catchUp) {
        this.clients = clients;
        this.masterName = masterName;
        this.pause = pause;
        this.catchUp = catchUp;
    }

    /** Runs the failover; returns the promoted member's name, or throws with a reason. */
    String run(Step.ControlledFailover step) {
        if (step.sentinels().isEmpty()) {
            throw new IllegalStateException("no Sentinel monitors the primary");
        }
        try (Jedis primary = clients.open(step.primary())) {
            primary.clientPause(pause.toMillis(), ClientPauseMode.WRITE);
            boolean failoverStarted = false;
            try {
                awaitReplicasCaughtUp(primary);
                startFailover(step.sentinels());
                failoverStarted = true;
                Endpoint promoted = awaitPromotion(step.replicas());
                primary.replicaof(promoted.host(), promoted.port());
                LOG.info("Controlled failover of {}: {} promoted, old primary {} follows it", masterName, promoted.name(), step.primary().name());
                return promoted.name();
            } finally {
                if (!failoverStarted || !"master".equals(role(primary))) {
                    unpause(primary);
                }
            }
        }
    }

    private void awaitReplicasCaughtUp(Jedis primary) {
        long deadline = System.nanoTime() + catchUp.toNanos();
        while (true) {
            Map<String, String> f = InfoParser.fields(primary.info("replication"));
            long target = InfoParser.number(f.get("master_repl_offset"), 0);
            List<NodeState.ReplicaLink> online = InfoParser.replicas(f).stream().filter(l -> "online".equals(l.state())).toList();
            if (online.isEmpty()) {
                throw new IllegalStateException("the primary has no online replica to fail over to");
            }
            if (online.stream().allMatch(l -> l.offset() >= target)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("replicas did not catch up with the primary within " + catchUp.toMillis() + " ms");
            }
            sleep();
        }
    }

    private void startFailover(List<Endpoint> sentinels) {
        List<String> refusals = new ArrayList<>();
        for (Endpoint s : sentinels) {
            try (Jedis sentinel = clients.open(s)) {
                sentinel.sentinelFailover(masterName);
                return;
            } catch (JedisException e) {
                refusals.add(s.name() + ": " + clients.scrub(e.getMessage()));
            }
        }
        throw new IllegalStateException("no Sentinel started the failover (" + String.join("; ", refusals) + ")");
    }

    /**
     * Polls the replicas' roles. Sentinel's promotion ends with CLIENT KILL TYPE normal on the
     * promoted replica, which also drops our connection, so a failed poll reconnects.
     */
    private Endpoint awaitPromotion(List<Endpoint> replicas) {
        long deadline = System.nanoTime() + pause.minusMillis(Math.min(500, pause.toMillis() / 4)).toNanos();
        Jedis[] open = new Jedis[replicas.size()];
        try {
            while (System.nanoTime() < deadline) {
                for (int i = 0; i < replicas.size(); i++) {
                    if (open[i] == null) {
                        open[i] = tryOpen(replicas.get(i)).orElse(null);
                    }
                    String role = open[i] == null ? null : role(open[i]);
                    if ("master".equals(role)) {
                        return replicas.get(i);
                    }
                    if (role == null && open[i] != null) {
                        open[i].close();
                        open[i] = null;
                    }
                }
                sleep();
            }
        } finally {
            for (Jedis j : open) {
                if (j != null) {
                    j.close();
                }
            }
        }
        throw new IllegalStateException("Sentinel accepted the failover but no replica was promoted within " + pause.toMillis()
                + " ms; the write pause on the old primary expires by itself and Sentinel completes or aborts the failover");
    }

    private Optional<Jedis> tryOpen(Endpoint e) {
        try {
            return Optional.of(clients.open(e));
        } catch (JedisException ex) {
            return Optional.empty();
        }
    }

    private static String role(Jedis j) {
        try {
            return InfoParser.fields(j.info("replication")).get("role");
        } catch (JedisException e) {
            return null;
        }
    }

    private static void unpause(Jedis primary) {
        try {
            primary.clientUnpause();
        } catch (JedisException e) {
            LOG.warn("Could not lift the write pause; it expires by itself: {}", e.getMessage());
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
