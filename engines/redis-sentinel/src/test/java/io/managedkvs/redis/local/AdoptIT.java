package io.managedkvs.redis.local;

import static io.managedkvs.redis.local.ClusterFixture.connect;
import static io.managedkvs.redis.local.ClusterFixture.settle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.managedkvs.redis.actuator.Role;
import io.managedkvs.redis.actuator.SentinelActuator;
import io.managedkvs.redis.actuator.Step;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

class AdoptIT {

    private static final String PASSWORD = "adopt-secret";

    @RegisterExtension
    final LocalClusters clusters = new LocalClusters();
    private LocalRedisCluster cluster;

    @Test
    void adoptsExistingReplicationWithoutMovingThePrimary() {
        cluster = clusters.start("adopt", PASSWORD);
        int primaryPort = cluster.process("adopt-redis-2").port();
        for (String replica : new String[] {"adopt-redis-0", "adopt-redis-1"}) {
            try (Jedis r = connect(cluster, replica, PASSWORD)) {
                r.replicaof("127.0.0.1", primaryPort);
            }
        }
        // Fencing (min-replicas-to-write 1) refuses writes until a replica is connected.
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
            try (Jedis p = connect(cluster, "adopt-redis-2", PASSWORD)) {
                assertThat(p.set("existing", "data")).isEqualTo("OK");
            }
        });

        SentinelActuator.Round round = settle(cluster, Duration.ofSeconds(60));

        assertThat(round.plan().primary()).contains("adopt-redis-2");
        assertThat(round.observation().monitoringSentinels()).allSatisfy(s -> assertThat(s.masterPort()).isEqualTo(primaryPort));
        try (Jedis r = connect(cluster, "adopt-redis-0", PASSWORD)) {
            assertThat(r.get("existing")).isEqualTo("data");
        }
    }

    @Test
    void followsSentinelsViewAndRegistersTheSentinelsThatDoNotMonitor() {
        cluster = clusters.start("follow", PASSWORD);
        int primaryPort = cluster.process("follow-redis-1").port();
        for (String replica : new String[] {"follow-redis-0", "follow-redis-2"}) {
            try (Jedis r = connect(cluster, replica, PASSWORD)) {
                r.replicaof("127.0.0.1", primaryPort);
            }
        }
        try (Jedis s = connect(cluster, "follow-sentinel-0", PASSWORD)) {
            s.sentinelMonitor("follow", "127.0.0.1", primaryPort, 2);
            s.sentinelSet("follow", Map.of("auth-pass", PASSWORD));
        }

        SentinelActuator.Round first = cluster.reconcileOnce();

        assertThat(first.plan().primary()).contains("follow-redis-1");
        assertThat(first.plan().steps()).noneMatch(step -> step instanceof Step.ReplicaOf || step instanceof Step.Demote);
        assertThat(first.plan().steps()).filteredOn(step -> step instanceof Step.Monitor)
                .extracting(step -> ((Step.Monitor) step).sentinel().name())
                .containsExactlyInAnyOrder("follow-sentinel-1", "follow-sentinel-2");
        SentinelActuator.Round settled = settle(cluster, Duration.ofSeconds(60));
        assertThat(settled.plan().primary()).contains("follow-redis-1");
        assertThat(settled.observation().node("follow-redis-0").orElseThrow().role()).isEqualTo(Role.REPLICA);
    }
}
