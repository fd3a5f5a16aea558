package io.managedkvs.cli.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.managedkvs.cli.testing.RedisServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

/** The forwarder between real clients and real redis-server processes. */
class TcpForwarderIT {

    @TempDir
    Path dir;
    private RedisServer a;
    private RedisServer b;
    private TcpForwarder forwarder;

    @BeforeEach
    void start() throws Exception {
        a = RedisServer.start(dir);
        b = RedisServer.start(dir);
    }

    @AfterEach
    void stop() {
        if (forwarder != null) {
            forwarder.close();
        }
        a.close();
        b.close();
    }

    private TcpForwarder forwarder(int maxConnections) {
        forwarder = new TcpForwarder(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), maxConnections, Duration.ofSeconds(1)).start();
        return forwarder;
    }

    private Jedis client() {
        return new Jedis("127.0.0.1", forwarder.address().getPort(), 2000);
    }

    private static int portOf(Jedis j) {
        return Integer.parseInt(j.configGet("port").get("port"));
    }

    @Test
    void connectionsReachTheTargetAndFollowItWhenItChanges() {
        forwarder(8).retarget(a.address());
        try (Jedis before = client()) {
            before.set("k", "on-a");
            assertThat(portOf(before)).isEqualTo(a.port());
            assertThat(before.get("k")).isEqualTo("on-a");

            assertThat(forwarder.retarget(b.address())).isTrue();

            // The connection to the old target was closed, as when a Service's endpoint moves.
            assertThatThrownBy(before::ping).isInstanceOf(JedisConnectionException.class);
        }
        try (Jedis after = client()) {
            assertThat(portOf(after)).isEqualTo(b.port());
            assertThat(after.get("k")).isNull();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> forwarder.openConnections() == 0);
    }

    @Test
    void theSameTargetAgainLeavesConnectionsOpen() {
        forwarder(8).retarget(a.address());
        try (Jedis j = client()) {
            j.set("k", "v");

            assertThat(forwarder.retarget(a.address())).isFalse();

            assertThat(j.get("k")).isEqualTo("v");
            assertThat(forwarder.openConnections()).isEqualTo(1);
        }
    }

    @Test
    void aDeadTargetClosesNewConnectionsUntilTheTargetMoves() throws Exception {
        forwarder(8).retarget(a.address());
        a.kill();

        assertThatThrownBy(() -> {
            try (Jedis j = client()) {
                j.ping();
            }
        }).isInstanceOf(JedisConnectionException.class);
        forwarder.retarget(b.address());
        try (Jedis j = client()) {
            assertThat(j.ping()).isEqualTo("PONG");
        }
    }

    @Test
    void beyondTheConnectionLimitAClientIsToldSoAndTheOthersKeepWorking() throws Exception {
        forwarder(2).retarget(a.address());
        List<Jedis> open = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                Jedis j = client();
                j.ping();
                open.add(j);
            }
            try (Socket third = new Socket("127.0.0.1", forwarder.address().getPort())) {
                third.setSoTimeout(5000);
                InputStream in = third.getInputStream();
                String answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
                assertThat(answer).startsWith("-ERR the read-write forwarder allows at most 2 connections");
            }
            assertThat(forwarder.refusedConnections()).isEqualTo(1);
            assertThat(open.get(0).ping()).isEqualTo("PONG");

            open.remove(0).close();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                try (Jedis again = client()) {
                    assertThat(again.ping()).isEqualTo("PONG");
                }
            });
        } finally {
            open.forEach(Jedis::close);
        }
    }

    @Test
    void largeValuesPassBothWays() {
        forwarder(8).retarget(a.address());
        String big = "x".repeat(4 * 1024 * 1024);
        try (Jedis j = client()) {
            j.set("big", big);
            assertThat(j.get("big")).isEqualTo(big);
        }
    }

    @Test
    void closingTheForwarderClosesItsConnectionsAndStopsListening() {
        forwarder(8).retarget(a.address());
        Jedis j = client();
        j.ping();

        forwarder.close();

        assertThatThrownBy(j::ping).isInstanceOf(JedisConnectionException.class);
        j.close();
        assertThatThrownBy(() -> new Socket("127.0.0.1", forwarder.address().getPort()).close()).isInstanceOf(IOException.class);
    }
}
