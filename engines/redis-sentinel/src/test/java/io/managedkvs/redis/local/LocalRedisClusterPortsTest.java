package io.managedkvs.redis.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.managedkvs.redis.actuator.Endpoint;
import io.managedkvs.redis.actuator.Topology;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalRedisClusterPortsTest {

    private static final RedisBinaries NOT_STARTED = new RedisBinaries(Path.of("redis-server"), Path.of("redis-sentinel"));

    @Test
    void membersThenSentinelsListenOnConsecutivePortsFromTheFirstPort(@TempDir Path dir) {
        LocalRedisCluster cluster = LocalRedisCluster.builder("pg", dir).redisMembers(3).sentinels(3)
                .binaries(NOT_STARTED).firstPort(40_001).build();

        Topology t = cluster.topology();

        assertThat(t.redis()).extracting(Endpoint::port).containsExactly(40_001, 40_002, 40_003);
        assertThat(t.sentinels()).extracting(Endpoint::port).containsExactly(40_004, 40_005, 40_006);
        assertThat(cluster.process("pg-sentinel-2").port()).isEqualTo(40_006);
    }

    @Test
    void portsBeyondTheRangeAreRefusedBeforeAnythingIsCreated(@TempDir Path dir) {
        assertThatThrownBy(() -> LocalRedisCluster.builder("pg", dir.resolve("c")).redisMembers(3).sentinels(3)
                .binaries(NOT_STARTED).firstPort(65_531).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("65531..65536");
        assertThat(dir.resolve("c")).doesNotExist();
    }

    @Test
    void withoutAFirstPortDistinctFreePortsArePicked(@TempDir Path dir) {
        LocalRedisCluster cluster = LocalRedisCluster.builder("pg", dir).redisMembers(2).sentinels(1).binaries(NOT_STARTED).build();

        assertThat(cluster.topology().redis().stream().map(Endpoint::port).distinct().count()).isEqualTo(2);
        assertThat(cluster.topology().sentinels().get(0).port()).isPositive();
    }
}
