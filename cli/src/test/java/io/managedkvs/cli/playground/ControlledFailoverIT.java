package io.managedkvs.cli.playground;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.managedkvs.cli.Engine;
import io.managedkvs.redis.actuator.Endpoint;
import io.managedkvs.redis.local.RedisBinaries;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * The engine's controlled failover (here from a rolling update) as a client sees it: a connection to
 * the old primary is closed by the old primary itself, as Sentinel does when it demotes one, rather
 * than left open to answer READONLY; reconnecting through the read-write address reaches the new one.
 */
class ControlledFailoverIT {

    private static final String PASSWORD = "handover-secret";

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path tmp;
    private Playground playground;

    @AfterEach
    void stop() {
        if (playground != null) {
            playground.close();
        }
    }

    @Test
    void clientsOfTheOldPrimaryAreDisconnectedAndReachTheNewOneThroughTheReadWriteAddress() {
        ClusterShape shape = new ClusterShape(Engine.REDIS_SENTINEL, 3, 3, 1000, Optional.of(PASSWORD), ClusterOptions.PASSWORD_OPTION);
        PlaygroundSpec spec = new PlaygroundSpec("handover", shape, PortLayout.free(3, 3));
        playground = Playground.start(spec, freshDir(), RedisBinaries.discover(),
                new EventLog(new PrintWriter(new StringWriter()), Clock.systemUTC()), () -> false);
        Endpoint old = playground.primary();
        long oldPid = playground.pid(old.name());
        DefaultJedisClientConfig auth = DefaultJedisClientConfig.builder().password(PASSWORD).build();
        // Connected straight to the primary, as through a Service whose endpoint moves later: nothing but
        // the server itself closes this connection.
        Jedis direct = new Jedis(new HostAndPort(old.dialHost(), old.port()), auth);
        direct.set("before", "the handover");

        playground.changeRestartConfig(Map.of("databases", "32"));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> playground.primaryBySentinel().filter(p -> !p.equals(old)).isPresent());

        assertThatThrownBy(() -> direct.set("after", "the handover")).as("not READONLY: the connection was closed")
                .isInstanceOf(JedisConnectionException.class);
        direct.close();
        assertThat(playground.pid(old.name())).as("closed by the demotion, not by the restart that follows").isEqualTo(oldPid);
        Endpoint promoted = playground.primaryBySentinel().orElseThrow();
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
            try (Jedis again = new Jedis(new HostAndPort("127.0.0.1", playground.readWriteAddress().getPort()), auth)) {
                assertThat(again.configGet("port")).containsEntry("port", Integer.toString(promoted.port()));
                assertThat(again.set("after", "the handover")).isEqualTo("OK");
                assertThat(again.get("before")).isEqualTo("the handover");
            }
        });
    }

    private PlaygroundDir freshDir() {
        PlaygroundDir dir = PlaygroundDir.claim(tmp.resolve("pg"));
        dir.clearForNewRun();
        return dir;
    }
}
