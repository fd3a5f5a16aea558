package io.managedkvs.redis.local;

import static io.managedkvs.redis.local.ClusterFixture.connect;
import static io.managedkvs.redis.local.ClusterFixture.converge;
import static io.managedkvs.redis.local.ClusterFixture.settle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.managedkvs.redis.actuator.SentinelActuator;
import io.managedkvs.redis.actuator.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

class ScaleInIT {

    private static final String PASSWORD = "scale-secret";

    @RegisterExtension
    final LocalClusters clusters = new LocalClusters();
    private LocalRedisCluster cluster;

    @Test
    void scaleInMovesThePrimaryOffALeavingMemberThenSentinelsForgetIt() {
        cluster = clusters.start("shrink", PASSWORD);
        // Existing replication with the primary on the highest ordinal.
        int port = cluster.process("shrink-redis-2").port();
        for (String replica : new String[] {"shrink-redis-0", "shrink-redis-1"}) {
            try (Jedis r = connect(cluster, replica, PASSWORD)) {
                r.replicaof("127.0.0.1", port);
            }
        }
        assertThat(settle(cluster, Duration.ofSeconds(60)).plan().primary()).contains("shrink-redis-2");
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
            try (Jedis p = connect(cluster, "shrink-redis-2", PASSWORD)) {
                assertThat(p.set("kept", "across scale-in")).isEqualTo("OK");
            }
        });

        // Clients of the old primary: one that writes now and then, one subscribed to a channel.
        Jedis client = connect(cluster, "shrink-redis-2", PASSWORD);
        Jedis subscriber = connect(cluster, "shrink-redis-2", PASSWORD);
        CompletableFuture<Throwable> subscription = CompletableFuture.supplyAsync(() -> {
            try {
                subscriber.subscribe(new JedisPubSub() { }, "news");
                return null;
            } catch (JedisException e) {
                return e;
            }
        });

        cluster.setDataMembers(2);
        List<Step> done = new ArrayList<>();
        SentinelActuator.Round moved = converge(cluster, Duration.ofSeconds(60), round -> {
            done.addAll(round.result().done());
            return round.plan().settled() && round.plan().idle();
        });

        assertThat(moved.plan().primary()).hasValueSatisfying(p -> assertThat(p).isIn("shrink-redis-0", "shrink-redis-1"));
        assertThat(done).filteredOn(s -> s instanceof Step.ControlledFailover).hasSize(1);
        assertThat(done).anySatisfy(s -> assertThat(s).isEqualTo(new Step.ConfigSet(cluster.topology().redis("shrink-redis-2").orElseThrow(),
                Map.of("replica-priority", "0"), "differs from the spec: replica-priority")));

        // The demoted primary disconnected its clients, as Sentinel does: they reconnect rather than get READONLY.
        assertThatThrownBy(() -> client.set("after", "the failover")).isInstanceOf(JedisConnectionException.class);
        client.close();
        await().atMost(Duration.ofSeconds(5)).until(subscription::isDone);
        assertThat(subscription.join()).isInstanceOf(JedisConnectionException.class);
        subscriber.close();

        cluster.remove("shrink-redis-2");
        SentinelActuator.Round forgotten = converge(cluster, Duration.ofSeconds(60), round -> round.plan().settled()
                && round.plan().idle() && round.observation().sentinels().stream().allMatch(s -> s.numOtherSentinels() == 2
                        && s.replicas().size() == 1 && s.replicas().stream().noneMatch(r -> r.port() == port)));

        assertThat(forgotten.plan().membersReady()).isEqualTo(2);
        try (Jedis p = connect(cluster, forgotten.plan().primary().orElseThrow(), PASSWORD)) {
            assertThat(p.get("kept")).isEqualTo("across scale-in");
        }
    }
}
