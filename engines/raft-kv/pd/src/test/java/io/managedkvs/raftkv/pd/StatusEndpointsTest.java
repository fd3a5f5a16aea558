package io.managedkvs.raftkv.pd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.managedkvs.raftkv.pd.status.StatusServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /metrics, /health and /ready of a PD member on real sockets. */
class StatusEndpointsTest {

    @TempDir
    Path dir;

    @Test
    void servesMetricsHealthAndReadiness() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        PdServer pd = new PdServer(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)),
                PdConfig.single(dir, "127.0.0.1:0", 3)).bindMetrics(registry).start();
        StatusServer status = new StatusServer(new InetSocketAddress("127.0.0.1", 0), registry, pd::healthy, pd::ready).start();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String base = "http://127.0.0.1:" + status.port();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(metrics.statusCode()).isEqualTo(200);
                assertThat(metrics.body()).contains("pd_leader 1.0").contains("pd_stores{state=\"up\"} 0.0")
                        .contains("pd_operators_finished_total 0.0").contains("pd_operators_cancelled_total 0.0")
                        .contains("pd_operators_timed_out_total 0.0");
            });
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/ready")).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        } finally {
            status.close();
            pd.stop();
        }
    }
}
