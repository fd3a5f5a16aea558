package io.managedkvs.redis.actuator;

import io.managedkvs.redis.actuator.WritePause.Next;
import io.managedkvs.redis.actuator.WritePause.Sighting;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 *   <li>as soon as a replica reports the primary role, or that Sentinel names another primary, demote
 *       the old primary ({@link Demotion}: {@code REPLICAOF} and its clients disconnected) while its
 *       writes are still paused, then lift the pause.</li>
 * </ol>
 *
 * The pause is renewed for as long as Sentinel's failover runs ({@link WritePause} decides), so the
 * old primary never acknowledges a write after a replica may have been promoted. If the replicas do
 * not catch up or Sentinel refuses, the pause is lifted and nothing changed; if that Sentinel ends the
 * failover without a promotion, the pause is lifted too.
 */
final class ControlledFailover {

    private static final Logger LOG = LoggerFactory.getLogger(ControlledFailover.class);
    private static final long POLL_MILLIS = 20;

    private final RedisClients clients;
    private final String masterName;
    private final Duration pause;
    private final Duration catchUp;
    private final Clock clock;

    /**
     * @param pause   how long each {@code CLIENT PAUSE WRITE} lasts; renewed while the failover runs
     * @param catchUp how long the replicas may take to acknowledge the paused primary's offset
     */
    ControlledFailover(RedisClients clients, String masterName, Duration pause, Duration catchUp, Clock clock) {
        this.clients = clients;
        this.masterName = masterName;
        this.pause = pause;
        this.catchUp = catchUp;
        this.clock = clock;
    }

    /**
     * The member promoted, and a warning when the old primary could not be kept paused throughout.
     */
    record Outcome(Endpoint promoted, Optional<String> warning) {
    }

    /** Runs the failover; returns the promoted member, or throws with a reason. */
    Outcome run(Step.ControlledFailover step) {
        if (step.sentinels().isEmpty()) {
            throw new IllegalStateException("no Sentinel monitors the primary");
        }
        try (PausedPrimary primary = new PausedPrimary(step.primary())) {
            Instant sentAt = clock.instant();
            primary.pause(); // fails before anything changed
            Duration limit = step.failoverTimeout().plus(pause);
            WritePause writes = new WritePause(pause, clients.timeout(), sentAt, sentAt.plus(catchUp).plus(limit));
            Endpoint leader;
            try {
                awaitReplicasCaughtUp(primary, writes);
                leader = startFailover(step.sentinels(), () -> keepPaused(primary, writes));
            } catch (RuntimeException e) {
                primary.unpause();
                throw e;
            }
            return awaitOutcome(step, primary, writes, leader);
        }
    }

    private void awaitReplicasCaughtUp(PausedPrimary primary, WritePause writes) {
        long deadline = System.nanoTime() + catchUp.toNanos();
        while (true) {
            keepPaused(primary, writes);
            Map<String, String> f = InfoParser.fields(primary.jedis().info("replication"));
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

    private Endpoint startFailover(List<Endpoint> sentinels, Runnable beforeEach) {
        List<String> refusals = new ArrayList<>();
        for (Endpoint s : sentinels) {
            beforeEach.run();
            try (Jedis sentinel = clients.open(s)) {
                sentinel.sentinelFailover(masterName);
                return s;
            } catch (JedisException e) {
                refusals.add(s.name() + ": " + clients.scrub(e.getMessage()));
            }
        }
        throw new IllegalStateException("no Sentinel started the failover (" + String.join("; ", refusals) + ")");
    }

    /**
     * Polls the replicas' roles and the leading Sentinel's view, renewing the pause before every
     * command that may wait. Sentinel's promotion ends with CLIENT KILL TYPE normal on the promoted
     * replica, which also drops our connection to it, so a failed poll reconnects.
     */
    private Outcome awaitOutcome(Step.ControlledFailover step, PausedPrimary primary, WritePause writes, Endpoint leader) {
        try (Polls polls = new Polls(step.replicas()); LeaderView view = new LeaderView(leader)) {
            while (true) {
                Optional<Endpoint> promoted = Optional.empty();
                for (int i = 0; i < step.replicas().size() && promoted.isEmpty(); i++) {
                    keepPaused(primary, writes);
                    promoted = polls.promoted(i);
                }
                keepPaused(primary, writes);
                Sighting seen = promoted.isPresent()
                        ? new Sighting(promoted, false, true, Optional.empty())
                        : view.sighting(step);
                Next next = writes.next(clock.instant(), seen, step.primary());
                switch (next) {
                    case DEMOTE, DEMOTE_AFTER_LAPSE -> {
                        Endpoint to = WritePause.promotedMember(seen, step.primary()).orElseThrow();
                        primary.demote(to);
                        primary.unpause();
                        LOG.info("Controlled failover of {}: {} promoted, old primary {} follows it", masterName, to.name(),
                                step.primary().name());
                        return new Outcome(to, next == Next.DEMOTE ? Optional.empty() : Optional.of("the write pause on "
                                + step.primary().name() + " may have ended before it was demoted (renewing it failed);"
                                + " writes it acknowledged after " + writes.pausedUntil() + " may be lost"));
                    }
                    case ABORTED -> {
                        primary.unpause();
                        throw new IllegalStateException("Sentinel " + leader.name() + " ended the failover without promoting a"
                                + " replica; writes resumed on " + step.primary().name());
                    }
                    case GIVE_UP -> throw new IllegalStateException("neither a promotion nor the end of Sentinel's failover was"
                            + " seen; the write pause on " + step.primary().name() + " is no longer renewed and ends at "
                            + writes.pausedUntil());
                    default -> sleep();
                }
            }
        }
    }

    private static Optional<Endpoint> member(Step.ControlledFailover step, String host, String port) {
        int p = (int) InfoParser.number(port, -1);
        if (step.primary().isAt(host, p)) {
            return Optional.of(step.primary());
        }
        return step.replicas().stream().filter(e -> e.isAt(host, p)).findFirst();
    }

    private void keepPaused(PausedPrimary primary, WritePause writes) {
        if (writes.renewDue(clock.instant())) {
            Instant sentAt = clock.instant();
            try {
                primary.pause();
                writes.renewed(sentAt);
            } catch (JedisException | RedisAuthenticationException e) {
                LOG.warn("Could not renew the write pause on {} ({}); it holds until {}", primary.endpoint.name(),
                        clients.scrub(e.getMessage()), writes.pausedUntil());
            }
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

    /** The connection to the old primary, opened again if Sentinel or a network blip closed it. */
    private final class PausedPrimary implements AutoCloseable {
        private final Endpoint endpoint;
        private Jedis jedis;

        PausedPrimary(Endpoint endpoint) {
            this.endpoint = endpoint;
        }

        Jedis jedis() {
            if (jedis == null || !jedis.isConnected() || jedis.isBroken()) {
                close();
                jedis = clients.open(endpoint);
            }
            return jedis;
        }

        void pause() {
            try {
                jedis().clientPause(pause.toMillis(), ClientPauseMode.WRITE);
            } catch (JedisException e) {
                close();
                throw e;
            }
        }

        void demote(Endpoint to) {
            try {
                Demotion.replicaOf(jedis(), to);
            } catch (JedisException e) {
                close();
                throw e;
            }
        }

        void unpause() {
            try {
                jedis().clientUnpause();
            } catch (JedisException | RedisAuthenticationException e) {
                LOG.warn("Could not lift the write pause on {}; it ends by itself: {}", endpoint.name(), clients.scrub(e.getMessage()));
            }
        }

        @Override
        public void close() {
            if (jedis != null) {
                jedis.close();
                jedis = null;
            }
        }
    }

    /**
     * The leading Sentinel's view, whether its failover still runs and whom it names, over one
     * connection kept for the whole failover (it is asked every poll) and reopened when lost.
     */
    private final class LeaderView implements AutoCloseable {
        private final Endpoint leader;
        private Jedis jedis;

        LeaderView(Endpoint leader) {
            this.leader = leader;
        }

        Sighting sighting(Step.ControlledFailover step) {
            try {
                if (jedis == null) {
                    jedis = clients.open(leader);
                }
                Map<String, String> m = jedis.sentinelMaster(masterName);
                Set<String> flags = Set.of(m.getOrDefault("flags", "").split(","));
                List<String> addr = jedis.sentinelGetMasterAddrByName(masterName);
                boolean running = flags.contains("failover_in_progress") || jedis.sentinelReplicas(masterName).stream()
                        .anyMatch(r -> r.getOrDefault("flags", "").contains("promoted"));
                Optional<Endpoint> named = addr == null || addr.size() != 2 ? Optional.empty() : member(step, addr.get(0), addr.get(1));
                return new Sighting(Optional.empty(), true, running, named);
            } catch (JedisException | RedisAuthenticationException e) {
                close();
                return Sighting.nothing();
            }
        }

        @Override
        public void close() {
            if (jedis != null) {
                jedis.close();
                jedis = null;
            }
        }
    }

    /** One polling connection per replica, reopened when lost. */
    private final class Polls implements AutoCloseable {
        private final List<Endpoint> replicas;
        private final Jedis[] open;

        Polls(List<Endpoint> replicas) {
            this.replicas = replicas;
            this.open = new Jedis[replicas.size()];
        }

        Optional<Endpoint> promoted(int i) {
            try {
                if (open[i] == null) {
                    open[i] = clients.open(replicas.get(i));
                }
                String role = InfoParser.fields(open[i].info("replication")).get("role");
                return "master".equals(role) ? Optional.of(replicas.get(i)) : Optional.empty();
            } catch (JedisException | RedisAuthenticationException e) {
                if (open[i] != null) {
                    open[i].close();
                    open[i] = null;
                }
                return Optional.empty();
            }
        }

        @Override
        public void close() {
            for (Jedis j : open) {
                if (j != null) {
                    j.close();
                }
            }
        }
    }
}
