package io.managedkvs.redis.local;

import static io.managedkvs.redis.local.ClusterFixture.connect;
import static io.managedkvs.redis.local.ClusterFixture.settle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.managedkvs.redis.actuator.Role;
import io.managedkvs.redis.actuator.SentinelActuator;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import java.util.Set;
import java.util.stream.Collectors;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisSentinelClient;

class BootstrapIT {

    private static final String PASSWORD = "p@ss \"word\" \\ with spaces";

    @RegisterExtension
    final LocalClusters clusters = new LocalClusters();
    private LocalRedisCluster cluster;

    @Test
    void bootstrapsANewInstanceWithTheFirstMemberAsPrimary() {
        cluster = clusters.start("boot", PASSWORD);

        SentinelActuator.Round round = settle(cluster, Duration.ofSeconds(60));

        assertThat(round.plan().primary()).contains("boot-redis-0");
        assertThat(round.observation().node("boot-redis-1").orElseThrow().role()).isEqualTo(Role.REPLICA);
        assertThat(round.observation().node("boot-redis-2").orElseThrow().role()).isEqualTo(Role.REPLICA);
        assertThat(round.observation().monitoringSentinels()).hasSize(3)
                .allSatisfy(s -> assertThat(s.masterPort()).isEqualTo(cluster.process("boot-redis-0").port()));
        assertThat(round.plan().membersReady()).isEqualTo(3);
        try (Jedis primary = connect(cluster, "boot-redis-0", PASSWORD)) {
            primary.set("k", "v");
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            try (Jedis replica = connect(cluster, "boot-redis-2", PASSWORD)) {
                assertThat(replica.get("k")).isEqualTo("v");
            }
        });
    }

    @Test
    void aSentinelAwareClientFindsThePrimaryWithThePassword() {
        cluster = clusters.start("aware", PASSWORD);
        settle(cluster, Duration.ofSeconds(60));
        DefaultJedisClientConfig auth = DefaultJedisClientConfig.builder().password(PASSWORD).build();
        Set<HostAndPort> sentinels = cluster.topology().sentinels().stream()
                .map(s -> new HostAndPort(s.dialHost(), s.port())).collect(Collectors.toSet());

        try (RedisSentinelClient client = RedisSentinelClient.builder().masterName("aware").sentinels(sentinels)
                .clientConfig(auth).sentinelClientConfig(auth).build()) {
            client.set("through", "sentinel");
            assertThat(client.get("through")).isEqualTo("sentinel");
        }
    }
}
