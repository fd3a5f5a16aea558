package io.managedkvs.redis.local;

import static io.managedkvs.redis.local.ClusterFixture.connect;
import static io.managedkvs.redis.local.ClusterFixture.converge;
import static io.managedkvs.redis.local.ClusterFixture.settle;
import static org.assertj.core.api.Assertions.assertThat;

import io.managedkvs.api.resource.RedisSpec;
import io.managedkvs.redis.actuator.Restart;
import io.managedkvs.redis.actuator.SentinelEvent;
import io.managedkvs.redis.actuator.SentinelEventWatcher;
import io.managedkvs.redis.actuator.Step;
import io.managedkvs.redis.config.RedisSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

class RollingUpdateIT {

    private static final String PASSWORD = "rolling-secret";

    @RegisterExtension
    final LocalClusters clusters = new LocalClusters();
    private LocalRedisCluster cluster;

    @Test
    void rollsEveryMemberWithExactlyOneFailoverAndLosesNoAcknowledgedWrite() {
        cluster = clusters.start("roll", PASSWORD);
        String oldPrimary = settle(cluster, Duration.ofSeconds(60)).plan().primary().orElseThrow();
        List<SentinelEvent> switches = new CopyOnWriteArrayList<>();
        List<String> order = new ArrayList<>();

        try (SentinelEventWatcher watcher = cluster.actuator().watch(cluster.topology(), e -> {
                if (e.isSwitchMaster()) {
                    switches.add(e);
                }
            });
             AcknowledgedWriter writer = new AcknowledgedWriter(cluster, PASSWORD, 200_000).start()) {
            ClusterFixture.sleep(500);
            // A restart-required directive: every member must restart to take it.
            cluster.redefine(RedisSettings.of(new RedisSpec(Map.of("databases", "32"), null, null, null, null), 3));
            assertThat(cluster.desiredState().members().values()).allSatisfy(f -> assertThat(f.upToDate()).isFalse());

            converge(cluster, Duration.ofSeconds(120), round -> {
                round.plan().restarts().stream().map(Restart::member).forEach(order::add);
                round.result().done().stream().filter(s -> s instanceof Step.ControlledFailover)
                        .forEach(s -> order.add("failover"));
                return round.plan().settled() && round.plan().idle()
                        && cluster.desiredState().members().values().stream().allMatch(f -> f.upToDate());
            });
            ClusterFixture.sleep(1500); // let the watcher see any late event and the writer write to the new primary
            writer.close();

            // Each Sentinel announces the switch; the watcher hands over repeats within a short window once.
            assertThat(switches.stream().map(SentinelEvent::message).distinct()).as("failovers").hasSize(1);
            assertThat(order).hasSize(4);
            assertThat(order.subList(0, 2)).doesNotContain(oldPrimary).doesNotContain("failover");
            assertThat(order.get(2)).isEqualTo("failover");
            assertThat(order.get(3)).isEqualTo(oldPrimary);

            String newPrimary = cluster.actuator().primaryBySentinel(cluster.topology()).orElseThrow().name();
            assertThat(newPrimary).isNotEqualTo(oldPrimary);
            List<String> acknowledged = writer.acknowledged();
            assertThat(acknowledged).hasSizeGreaterThan(100);
            try (Jedis primary = connect(cluster, newPrimary, PASSWORD)) {
                List<String> values = primary.mget(acknowledged.toArray(String[]::new));
                List<String> lost = new ArrayList<>();
                for (int i = 0; i < acknowledged.size(); i++) {
                    if (values.get(i) == null) {
                        lost.add(acknowledged.get(i));
                    }
                }
                assertThat(lost).as("acknowledged writes missing after the rolling update").isEmpty();
                assertThat(primary.configGet("databases")).containsEntry("databases", "32");
            }
        }
    }
}
