package io.managedkvs.redis.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedisBinariesTest {

    @Test
    void aMissingBinaryIsNotFoundAndTheErrorSaysHowToInstallIt() {
        assertThat(RedisBinaries.onPath("redis-server-that-does-not-exist")).isEmpty();
        assertThat(new RedisNotInstalledException("redis-server").getMessage())
                .contains("redis-server was not found on the PATH", "apt-get install redis-server redis-sentinel");
    }

    @Test
    void aBinaryThatCannotRunFailsTheStartWithItsLog(@TempDir Path dir) {
        Path fake = dir.resolve("not-redis");
        LocalProcess p = new LocalProcess("m", 1, dir.resolve("m.log"));

        assertThatThrownBy(() -> p.start(fake, dir.resolve("c.conf"), dir, Duration.ofSeconds(1)))
                .hasMessageContaining("cannot start m");
    }
}
