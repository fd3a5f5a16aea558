package io.managedkvs.redis.local;

import static io.managedkvs.redis.local.ClusterFixture.connect;
import static io.managedkvs.redis.local.ClusterFixture.settle;
import static org.assertj.core.api.Assertions.assertThat;

import io.managedkvs.redis.actuator.Endpoint;
import io.managedkvs.redis.actuator.NodeState;
import io.managedkvs.redis.actuator.SentinelActuator;
import io.managedkvs.redis.actuator.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

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

    /**
     * A replica that follows the right primary but cannot keep a link to it (here a wrong masterauth,
     * as a mistyped CONFIG SET leaves it) is reported, not re-pointed: Redis retries the link every
     * second by itself, and REPLICAOF to the primary it already follows does nothing. Once the cause
     * is gone the link comes back without any step of the engine's (decision 0006).
     */
    @Test
    void aReplicaWhoseLinkToThePrimaryIsDownIsReportedAndReconnectsByItself() {
        Endpoint p = cluster.topology().redis(primary).orElseThrow();
        String replica = cluster.redisMembers().stream().filter(m -> !m.equals(primary)).findFirst().orElseThrow();
        List<Step> steps = new ArrayList<>();
        try (Jedis j = connect(cluster, replica, PASSWORD)) {
            j.configSet("masterauth", "not-" + PASSWORD);
            j.sendCommand(Protocol.Command.CLIENT, "KILL", "TYPE", "master");

            SentinelActuator.Round down = ClusterFixture.converge(cluster, Duration.ofSeconds(30), r -> {
                steps.addAll(r.result().done());
                NodeState n = r.observation().node(replica).orElseThrow();
                return !n.linkUp() && n.linkDownSeconds() >= 3;
            });

            assertThat(down.observation().node(replica).orElseThrow().follows(p)).isTrue();
            assertThat(down.plan().problems()).anySatisfy(f -> {
                assertThat(f.reason()).isEqualTo("ReplicaOutOfSync");
                assertThat(f.message()).contains(replica + " is not in sync with the primary " + primary + " (link down for ")
                        .contains("not re-pointed");
            });
            // What re-issuing REPLICAOF would do: nothing, by Redis' own account.
            assertThat(j.replicaof(p.dialHost(), p.port())).isEqualTo("OK Already connected to specified master");

            j.configSet("masterauth", PASSWORD);
        }

        SentinelActuator.Round settled = ClusterFixture.converge(cluster, Duration.ofSeconds(30), r -> {
            steps.addAll(r.result().done());
            return r.plan().settled() && r.plan().idle();
        });
        assertThat(settled.observation().node(replica).orElseThrow().linkUp()).isTrue();
        assertThat(steps).as("no step touched the replica; it reconnected by itself")
                .noneMatch(s -> s instanceof Step.ReplicaOf r && r.node().name().equals(replica))
                .noneMatch(s -> s instanceof Step.Demote d && d.node().name().equals(replica));
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
