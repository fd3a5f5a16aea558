package io.managedkvs.redis.local;

import static io.managedkvs.redis.local.ClusterFixture.connect;
import static io.managedkvs.redis.local.ClusterFixture.settle;
import static org.assertj.core.api.Assertions.assertThat;

import io.managedkvs.redis.actuator.NodeState;
import io.managedkvs.redis.actuator.SentinelActuator;
import io.managedkvs.redis.actuator.Step;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

class RepairIT {

    private static final String PASSWORD = "repair-secret";

    @RegisterExtension
    final LocalClusters clusters = new LocalClusters();
    private LocalRedisCluster cluster;
    private String primary;

    @BeforeEach
    void bootstrap() {
        cluster = clusters.start("fix", PASSWORD);
        primary = settle(cluster, Duration.ofSeconds(60)).plan().primary().orElseThrow();
    }

    @Test
    void repairsASplitBrainTowardsSentinelsPrimary() {
        try (Jedis rogue = connect(cluster, "fix-redis-2", PASSWORD)) {
            rogue.replicaofNoOne();
        }

        SentinelActuator.Round round = cluster.reconcileOnce();

        assertThat(round.plan().problems()).anySatisfy(f -> assertThat(f.reason()).isEqualTo("SplitBrainRepaired"));
        assertThat(round.result().done()).anySatisfy(step -> {
            assertThat(step).isInstanceOf(Step.Demote.class);
            assertThat(((Step.Demote) step).node().name()).isEqualTo("fix-redis-2");
            assertThat(((Step.Demote) step).primary().name()).isEqualTo(primary);
        });
        SentinelActuator.Round settled = settle(cluster, Duration.ofSeconds(30));
        assertThat(settled.plan().primary()).contains(primary);
        NodeState repaired = settled.observation().node("fix-redis-2").orElseThrow();
        assertThat(repaired.follows(cluster.topology().redis(primary).orElseThrow())).isTrue();
    }

    @Test
    void repointsAReplicaWhoseLinkIsDownOnAWrongAddress() {
        int unused = cluster.process("fix-sentinel-0").port() + 10_000 > 65_000 ? 1 : cluster.process("fix-sentinel-0").port() + 10_000;
        try (Jedis replica = connect(cluster, "fix-redis-1", PASSWORD)) {
            replica.replicaof("127.0.0.1", unused);
        }

        SentinelActuator.Round round = cluster.reconcileOnce();

        assertThat(round.plan().problems()).anySatisfy(f -> assertThat(f.reason()).isEqualTo("ReplicaRepointed"));
        SentinelActuator.Round settled = settle(cluster, Duration.ofSeconds(30));
        assertThat(settled.observation().node("fix-redis-1").orElseThrow().linkUp()).isTrue();
    }

    @Test
    void registersAReplacedSentinel() {
        cluster.restartSentinel("fix-sentinel-1", true);

        SentinelActuator.Round round = cluster.reconcileOnce();

        assertThat(round.result().done()).anySatisfy(step -> {
            assertThat(step).isInstanceOf(Step.Monitor.class);
            assertThat(((Step.Monitor) step).sentinel().name()).isEqualTo("fix-sentinel-1");
        });
        SentinelActuator.Round settled = settle(cluster, Duration.ofSeconds(60));
        assertThat(settled.observation().monitoringSentinels()).hasSize(3);
        assertThat(settled.plan().primary()).contains(primary);
    }
}
