package io.managedkvs.redis.actuator;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The data-plane side of the engine for one set of members, usable from plain Java: the operator
 * drives pods with it, the playground and the tests drive local processes. Observe, plan, execute;
 * restarts are returned to the caller.
 */
public final class SentinelActuator {

    /**
     * How long each write pause of a controlled failover lasts. It is renewed while Sentinel's
     * failover runs, so writes stay paused until the old primary is demoted or the failover ended.
     */
    public static final Duration DEFAULT_FAILOVER_PAUSE = Duration.ofSeconds(10);

    private final RedisClients clients;
    private final Observer observer;
    private final Planner planner = new Planner();
    private final Duration failoverPause;
    private final Clock clock;

    /**
     * @param clients       connections, with the password
     * @param clock         stamps observations
     * @param failoverPause how long each write pause of a controlled failover lasts (renewed while Sentinel fails over)
     * @param executor      runs the members' observations (see {@link Observer}); {@code Runnable::run} for one at a time
     */
    public SentinelActuator(RedisClients clients, Clock clock, Duration failoverPause, Executor executor) {
        this.clients = clients;
        this.observer = new Observer(clients, clock, executor);
        this.failoverPause = failoverPause;
        this.clock = clock;
    }

    /** Observes members one at a time, with the default failover pause. */
    public SentinelActuator(RedisClients clients) {
        this(clients, Clock.systemUTC(), DEFAULT_FAILOVER_PAUSE, Runnable::run);
    }

    public RedisClients clients() {
        return clients;
    }

    public Observation observe(Topology topology, DesiredState desired) {
        return observer.observe(topology, desired.configKeys());
    }

    public Plan plan(DesiredState desired, Observation observation) {
        return planner.plan(desired, observation);
    }

    public ExecutionResult execute(Topology topology, List<Step> steps, String logPrefix) {
        return new StepExecutor(clients, topology.masterName(), failoverPause, clock, logPrefix).execute(steps);
    }

    /** One round: observe, plan, carry out the data-plane steps. The restarts are in the plan, for the caller. */
    public Round reconcileOnce(Topology topology, DesiredState desired) {
        Observation observation = observe(topology, desired);
        Plan plan = plan(desired, observation);
        if (observation.authenticationFailed()) {
            return new Round(observation, plan, new ExecutionResult(List.of(), List.of(), Optional.empty()));
        }
        return new Round(observation, plan, execute(topology, plan.steps(), "[" + topology.masterName() + "]"));
    }

    /**
     * The primary as the first answering Sentinel names it: what a Sentinel-aware client would
     * connect to. Empty when no Sentinel answers or none monitors the instance.
     */
    public Optional<Endpoint> primaryBySentinel(Topology topology) {
        for (Endpoint s : topology.sentinels()) {
            try (Jedis j = clients.open(s)) {
                List<String> addr = j.sentinelGetMasterAddrByName(topology.masterName());
                if (addr != null && addr.size() == 2) {
                    return topology.redisAt(addr.get(0), Integer.parseInt(addr.get(1)));
                }
            } catch (JedisException | NumberFormatException e) {
                // Try the next Sentinel.
            }
        }
        return Optional.empty();
    }

    /** Starts a watcher of the Sentinels' failover events. The caller closes it. */
    public SentinelEventWatcher watch(Topology topology, Consumer<SentinelEvent> listener) {
        return new SentinelEventWatcher(topology.masterName(), clients, topology::sentinels, listener).start();
    }

    /** What one round saw, decided and did. */
    public record Round(Observation observation, Plan plan, ExecutionResult result) {
    }
}
