package io.managedkvs.redis.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalRedisClusterDirsTest {

    private static final RedisBinaries NOT_STARTED = new RedisBinaries(Path.of("redis-server"), Path.of("redis-sentinel"));

    @Test
    void everyMembersDirectoryIsPrivateBecauseRedisRewritesItsConfigurationWorldReadable(@TempDir Path dir) throws IOException {
        LocalRedisCluster cluster = LocalRedisCluster.builder("pg", dir).redisMembers(2).sentinels(1).password("secret")
                .binaries(NOT_STARTED).build();

        for (String member : new String[] {"pg-redis-0", "pg-redis-1", "pg-sentinel-0"}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(member))))
                    .as(member).isEqualTo("rwx------");
        }
        assertThat(cluster.redisMembers()).hasSize(2);
    }
}
