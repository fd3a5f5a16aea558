package io.managedkvs.redis.local;

import static io.managedkvs.redis.local.ClusterFixture.connect;
import static io.managedkvs.redis.local.ClusterFixture.replicationState;
import static io.managedkvs.redis.local.ClusterFixture.settle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.managedkvs.api.resource.RedisSpec;
import io.managedkvs.redis.actuator.NodeState;
import io.managedkvs.redis.actuator.RedisAuthenticationException;
import io.managedkvs.redis.actuator.RedisClients;
import io.managedkvs.redis.actuator.Role;
import io.managedkvs.redis.actuator.SentinelActuator;
import io.managedkvs.redis.config.RedisSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

class ConfigAndAuthIT {

    private static final String PASSWORD = "config-secret";

    @RegisterExtension
    final LocalClusters clusters = new LocalClusters();
    private LocalRedisCluster cluster;

    @Test
    void appliesADynamicDirectiveWithoutRestartingAnyMember() {
        cluster = clusters.start("dyn", PASSWORD);
        settle(cluster, Duration.ofSeconds(60));
        Map<String, Long> pids = new HashMap<>();
        cluster.redisMembers().forEach(m -> pids.put(m, cluster.process(m).pid()));

        cluster.redefine(RedisSettings.of(new RedisSpec(Map.of("maxmemory", "64mb", "maxmemory-policy", "allkeys-lru",
                "client-output-buffer-limit", "pubsub 64mb 16mb 90"),
                null, null, null, null), 3));
        assertThat(cluster.desiredState().members().values()).allSatisfy(f -> assertThat(f.upToDate()).isTrue());
        SentinelActuator.Round settled = settle(cluster, Duration.ofSeconds(30));

        for (String member : cluster.redisMembers()) {
            try (Jedis j = connect(cluster, member, PASSWORD)) {
                assertThat(j.configGet("maxmemory")).containsEntry("maxmemory", "67108864");
                assertThat(j.configGet("maxmemory-policy")).containsEntry("maxmemory-policy", "allkeys-lru");
                assertThat(j.configGet("client-output-buffer-limit").get("client-output-buffer-limit"))
                        .contains("pubsub 67108864 16777216 90");
            }
            assertThat(cluster.process(member).pid()).isEqualTo(pids.get(member));
        }
        assertThat(settled.plan().restarts()).isEmpty();
    }

    @Test
    void refusesAWrongPasswordClearlyAndChangesNothing() {
        cluster = clusters.start("auth", PASSWORD);
        // Bootstrapped first: on members never set up, "changes nothing" could not fail.
        settle(cluster, Duration.ofSeconds(60));
        Map<String, String> before = ClusterFixture.steadyReplicationState(cluster, Duration.ofSeconds(30));
        assertThat(before).containsKey("auth-redis-0").hasSize(6)
                .hasEntrySatisfying("auth-sentinel-0", s -> assertThat(s).contains("monitors=true"));
        String wrong = "not-the-password-42";
        SentinelActuator intruder = new SentinelActuator(RedisClients.withPassword(wrong));

        SentinelActuator.Round round = intruder.reconcileOnce(cluster.topology(), cluster.desiredState());

        assertThat(round.plan().problems()).singleElement().satisfies(f -> {
            assertThat(f.reason()).isEqualTo("AuthenticationFailed");
            assertThat(f.message()).contains("auth-redis-0", "auth-sentinel-0", "nothing was changed").doesNotContain(wrong, PASSWORD);
        });
        assertThat(round.plan().steps()).isEmpty();
        assertThat(round.result().done()).isEmpty();
        assertThat(round.observation().nodes()).allSatisfy(n -> assertThat(n.error()).doesNotContain(wrong));
        var truth = cluster.actuator().observe(cluster.topology(), cluster.desiredState());
        // Roles, replication, Sentinel state and the managed directives are exactly as before the round.
        assertThat(replicationState(truth)).isEqualTo(before);
        assertThat(truth.nodes()).extracting(NodeState::role).containsOnly(Role.PRIMARY, Role.REPLICA);
        assertThat(truth.monitoringSentinels()).hasSize(3);

        assertThatThrownBy(() -> RedisClients.withPassword(wrong).open(cluster.topology().redis("auth-redis-1").orElseThrow()))
                .isInstanceOf(RedisAuthenticationException.class)
                .hasMessageContaining("auth-redis-1").hasMessageContaining("refused the password")
                .hasMessageNotContaining(wrong);
        assertThatThrownBy(() -> RedisClients.withoutPassword().open(cluster.topology().redis("auth-redis-1").orElseThrow()))
                .isInstanceOf(RedisAuthenticationException.class)
                .hasMessageContaining("requires a password");
    }
}
