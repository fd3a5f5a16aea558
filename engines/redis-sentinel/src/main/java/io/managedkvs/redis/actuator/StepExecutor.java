package io.managedkvs.redis.actuator;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Carries out a plan's data-plane steps in order. A step that fails is reported and the rest still
 * run, except after a refused password, which stops everything: nothing more is changed.
 */
public final class StepExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(StepExecutor.class);

    private final RedisClients clients;
    private final String masterName;
    private final ControlledFailover failover;
    private final String logPrefix;

    /**
     * @param clients    connections, with the password
     * @param masterName the name Sentinel monitors the primary under
     * @param pause      how long each write pause of a controlled failover lasts; renewed while Sentinel fails over
     * @param clock      times the write pause
     * @param logPrefix  names the instance in every log line
     */
    public StepExecutor(RedisClients clients, String masterName, Duration pause, Clock clock, String logPrefix) {
        this.clients = clients;
        this.masterName = masterName;
        this.failover = new ControlledFailover(clients, masterName, pause, Duration.ofSeconds(3), clock);
        this.logPrefix = logPrefix;
    }

    public ExecutionResult execute(List<Step> steps) {
        List<Step> done = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Optional<String> promoted = Optional.empty();
        for (Step step : steps) {
            try {
                LOG.info("{} {} ({})", logPrefix, describe(step), step.reason());
                if (step instanceof Step.ControlledFailover f) {
                    ControlledFailover.Outcome outcome = failover.run(f);
                    promoted = Optional.of(outcome.promoted().name());
                    outcome.warning().ifPresent(w -> {
                        failures.add(w);
                        LOG.warn("{} {}", logPrefix, w);
                    });
                } else {
                    apply(step);
                }
                done.add(step);
            } catch (RedisAuthenticationException e) {
                failures.add(e.getMessage());
                LOG.warn("{} {}", logPrefix, e.getMessage());
                break;
            } catch (JedisException | IllegalStateException e) {
                String why = describe(step) + " failed: " + clients.scrub(e.getMessage());
                failures.add(why);
                LOG.warn("{} {}", logPrefix, why);
            }
        }
        return new ExecutionResult(done, failures, promoted);
    }

    private void apply(Step step) {
        if (step instanceof Step.ReplicaOf r) {
            try (Jedis j = clients.open(r.node())) {
                j.replicaof(r.primary().host(), r.primary().port());
            }
        } else if (step instanceof Step.Demote d) {
            try (Jedis j = clients.open(d.node())) {
                Demotion.replicaOf(j, d.primary());
            }
        } else if (step instanceof Step.ConfigSet c) {
            try (Jedis j = clients.open(c.node())) {
                for (Map.Entry<String, String> e : c.values().entrySet()) {
                    j.configSet(e.getKey(), e.getValue());
                }
            }
        } else if (step instanceof Step.Monitor m) {
            monitor(m);
        } else if (step instanceof Step.SentinelSet s) {
            try (Jedis j = clients.open(s.sentinel())) {
                j.sentinelSet(masterName, s.settings());
            }
        } else if (step instanceof Step.SentinelReset r) {
            try (Jedis j = clients.open(r.sentinel())) {
                j.sentinelReset(masterName);
            }
        } else {
            throw new IllegalStateException("not a simple step: " + describe(step));
        }
    }

    private void monitor(Step.Monitor m) {
        try (Jedis j = clients.open(m.sentinel())) {
            if (m.replace()) {
                try {
                    j.sentinelRemove(masterName);
                } catch (JedisDataException e) {
                    // Already gone.
                }
            }
            j.sentinelMonitor(masterName, m.primary().host(), m.primary().port(), m.settings().quorum());
            clients.password().ifPresent(p -> j.sentinelSet(masterName, Map.of("auth-pass", p)));
            Map<String, String> settings = new LinkedHashMap<>(m.settings().asSentinelSet());
            settings.remove("quorum");
            j.sentinelSet(masterName, settings);
        }
    }

    /** A one-line description of a step, without any secret. */
    public static String describe(Step step) {
        if (step instanceof Step.ReplicaOf r) {
            return r.node().name() + ": REPLICAOF " + r.primary().address();
        } else if (step instanceof Step.Demote d) {
            return d.node().name() + ": REPLICAOF " + d.primary().address() + " and disconnect its clients";
        } else if (step instanceof Step.ConfigSet c) {
            return c.node().name() + ": CONFIG SET " + c.values();
        } else if (step instanceof Step.Monitor m) {
            return m.sentinel().name() + ": SENTINEL MONITOR " + m.primary().address() + (m.replace() ? " (replacing)" : "");
        } else if (step instanceof Step.SentinelSet s) {
            return s.sentinel().name() + ": SENTINEL SET " + s.settings();
        } else if (step instanceof Step.SentinelReset r) {
            return r.sentinel().name() + ": SENTINEL RESET";
        } else if (step instanceof Step.ControlledFailover f) {
            return "controlled failover away from " + f.primary().name();
        }
        return step.toString();
    }
}
