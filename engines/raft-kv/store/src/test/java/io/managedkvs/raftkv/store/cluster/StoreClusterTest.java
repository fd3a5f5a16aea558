package io.managedkvs.raftkv.store.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.managedkvs.raftkv.store.raftstore.RaftStoreConfig;
import io.managedkvs.raftkv.store.server.StoreNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three store nodes and a real PD in one JVM: the first region bootstraps, writes split it into
 * many regions, a store is stopped and restarted while writers keep going, and every acknowledged
 * write reads back.
 */
class StoreClusterTest {

    @TempDir
    Path tmp;

    @Test
    void writesSplitSurviveAStoreRestartAndEveryAcknowledgedWriteReadsBack() throws Exception {
        RaftStoreConfig config = RaftStoreConfig.defaults().withSplit(1L << 30, 150, Duration.ofMillis(300));
        try (PdStoreCluster cluster = new PdStoreCluster(tmp, 3, config);
             RoutingClient client = new RoutingClient(cluster.pdAddress)) {
            Map<String, String> acknowledged = new ConcurrentHashMap<>();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger next = new AtomicInteger();
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                Thread t = new Thread(() -> {
                    while (!stop.get()) {
                        int i = next.getAndIncrement();
                        String key = String.format("user%06d", (i * 7919L) % 1_000_000);
                        String value = "v" + i;
                        if (client.put(key, value, Duration.ofSeconds(10))) {
                            acknowledged.put(key, value);
                        }
                    }
                });
                writers.add(t);
                t.start();
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> regionCount(cluster.stores.get(0)) >= 4);
            cluster.stop(1);
            int before = acknowledged.size();
            await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() > before + 100);
            cluster.start(1);
            int afterRestart = acknowledged.size();
            await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() > afterRestart + 100);
            stop.set(true);
            for (Thread t : writers) {
                t.join();
            }
            assertThat(regionCount(cluster.stores.get(0))).isGreaterThanOrEqualTo(4);
            for (Map.Entry<String, String> e : acknowledged.entrySet()) {
                assertThat(client.get(e.getKey(), Duration.ofSeconds(10))).as(e.getKey()).isEqualTo(e.getValue());
            }
            StoreNode restarted = cluster.stores.get(1);
            await().atMost(Duration.ofSeconds(30)).until(() -> regionCount(restarted) == regionCount(cluster.stores.get(0)));
            assertStatusEndpoints(cluster.stores.get(0));
        }
    }

    private static void assertStatusEndpoints(StoreNode node) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + node.statusPort();
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(200);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/ready")).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(200);
        String metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("raftkv_store_regions " + regionCount(node) + ".0")
                .contains("raftkv_store_append_seconds_bucket").contains("raftkv_store_apply_seconds_bucket")
                .contains("raftkv_store_fsyncs_total").contains("raftkv_store_splits_total");
    }

    private static int regionCount(StoreNode node) {
        return node.raftStore().regions().size();
    }
}
