package io.managedkvs.redis.actuator;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Looks at every member ({@code INFO}, {@code CONFIG GET}) and every Sentinel ({@code SENTINEL
 * MASTER/GET-MASTER-ADDR-BY-NAME/REPLICAS/SENTINELS}) of one instance and records what they report.
 * It changes nothing.
 *
 * <p>A Sentinel's primary is taken from {@code GET-MASTER-ADDR-BY-NAME}, not from {@code SENTINEL
 * MASTER}: the Sentinel leading a failover already carries the new configuration epoch once it saw
 * the replica promoted, but its {@code SENTINEL MASTER} keeps the old address until the failover
 * ends, about a second later; {@code GET-MASTER-ADDR-BY-NAME} names the promoted replica from then on.
 */
public final class Observer {

    private final RedisClients clients;
    private final Clock clock;
    private final Executor executor;

    /**
     * @param clients  connections
     * @param clock    stamps observations
     * @param executor runs the members' observations; with a pool, an unreachable member costs one
     *                 timeout in total rather than one per member ({@code Runnable::run} observes in turn)
     */
    public Observer(RedisClients clients, Clock clock, Executor executor) {
        this.clients = clients;
        this.clock = clock;
        this.executor = executor;
    }

    /**
     * @param topology   the members and Sentinels
     * @param configKeys the directives whose running values are wanted
     */
    public Observation observe(Topology topology, Set<String> configKeys) {
        List<CompletableFuture<NodeState>> nodes = new ArrayList<>();
        for (Endpoint e : topology.redis()) {
            nodes.add(CompletableFuture.supplyAsync(() -> observeNode(e, configKeys), executor));
        }
        List<CompletableFuture<SentinelState>> sentinels = new ArrayList<>();
        for (Endpoint e : topology.sentinels()) {
            sentinels.add(CompletableFuture.supplyAsync(() -> observeSentinel(e, topology.masterName()), executor));
        }
        return new Observation(topology, nodes.stream().map(CompletableFuture::join).toList(),
                sentinels.stream().map(CompletableFuture::join).toList(), clock.instant());
    }

    public NodeState observeNode(Endpoint e, Set<String> configKeys) {
        try (Jedis j = clients.open(e)) {
            Map<String, String> f = InfoParser.fields(j.info());
            Role role = Role.parse(f.get("role"));
            long offset = role == Role.REPLICA
                    ? InfoParser.number(f.get("slave_repl_offset"), 0)
                    : InfoParser.number(f.get("master_repl_offset"), 0);
            return new NodeState(e, true, false, null, role,
                    f.get("master_host"), (int) InfoParser.number(f.get("master_port"), 0),
                    "up".equals(f.get("master_link_status")),
                    "1".equals(f.get("master_sync_in_progress")),
                    InfoParser.number(f.get("master_link_down_since_seconds"), -1),
                    offset,
                    role == Role.PRIMARY ? InfoParser.replicas(f) : List.of(),
                    "1".equals(f.get("loading")),
                    InfoParser.keys(f),
                    f.get("redis_version"),
                    f.get("run_id"),
                    config(j, configKeys));
        } catch (RedisAuthenticationException ex) {
            return NodeState.unreachable(e, true, ex.getMessage());
        } catch (JedisException ex) {
            return NodeState.unreachable(e, false, clients.scrub(describe(ex)));
        }
    }

    public SentinelState observeSentinel(Endpoint e, String masterName) {
        try (Jedis j = clients.open(e)) {
            Map<String, String> m;
            try {
                m = j.sentinelMaster(masterName);
            } catch (JedisDataException ex) {
                if (ex.getMessage() != null && ex.getMessage().contains("No such master")) {
                    return SentinelState.notMonitoring(e);
                }
                throw ex;
            }
            // After SENTINEL MASTER, not before: its epoch is then never newer than the address read here.
            List<String> address = j.sentinelGetMasterAddrByName(masterName);
            if (address == null || address.size() != 2) {
                return SentinelState.notMonitoring(e); // removed between the two commands
            }
            Map<String, String> settings = new LinkedHashMap<>();
            for (String key : List.of("quorum", "down-after-milliseconds", "failover-timeout", "parallel-syncs")) {
                settings.put(key, m.getOrDefault(key, ""));
            }
            return new SentinelState(e, true, false, null, true, address.get(0), (int) InfoParser.number(address.get(1), 0),
                    flags(m.get("flags")), InfoParser.number(m.get("config-epoch"), 0),
                    (int) InfoParser.number(m.get("num-other-sentinels"), 0), settings,
                    known(j.sentinelReplicas(masterName)), known(j.sentinelSentinels(masterName)));
        } catch (RedisAuthenticationException ex) {
            return SentinelState.unreachable(e, true, ex.getMessage());
        } catch (JedisException ex) {
            return SentinelState.unreachable(e, false, clients.scrub(describe(ex)));
        }
    }

    private static Map<String, String> config(Jedis j, Set<String> keys) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : keys) {
            try {
                Map<String, String> got = j.configGet(key);
                String value = got.get(key);
                if (value == null && got.size() == 1) {
                    value = got.values().iterator().next(); // an alias reported under its new name
                }
                if (value != null) {
                    out.put(key, value);
                }
            } catch (JedisDataException ex) {
                // An older Redis without this directive: the planner sees it as different and reports the CONFIG SET error.
            }
        }
        return out;
    }

    private static List<SentinelState.Known> known(List<Map<String, String>> entries) {
        List<SentinelState.Known> out = new ArrayList<>();
        for (Map<String, String> r : entries) {
            out.add(new SentinelState.Known(r.get("ip"), (int) InfoParser.number(r.get("port"), 0), flags(r.get("flags"))));
        }
        return out;
    }

    private static Set<String> flags(String text) {
        return text == null || text.isBlank() ? Set.of() : new HashSet<>(Arrays.asList(text.split(",")));
    }

    static String describe(Exception ex) {
        String m = ex.getMessage();
        return ex.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
