package io.managedkvs.raftkv.store.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real cluster of processes (PD and three stores) under write load; stores are killed with
 * SIGKILL at arbitrary moments (two of them in turn) and restarted from their RocksDB. Every write a store acknowledged
 * must read back afterwards.
 */
class StoreCrashIT {

    @TempDir
    Path tmp;

    ProcessCluster cluster;

    @AfterEach
    void tearDown() throws Exception {
        if (cluster != null) {
            cluster.close();
            cluster.printLogTails(4000);
        }
    }

    @Test
    void sigkilledStoresLoseNoAcknowledgedWrite() throws Exception {
        cluster = new ProcessCluster(tmp, 3, List.of("--region-max-keys", "400"));
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger next = new AtomicInteger();
        List<Thread> writers = new ArrayList<>();
        try (RoutingClient client = new RoutingClient(cluster.pdAddress)) {
            for (int w = 0; w < 8; w++) {
                Thread t = new Thread(() -> {
                    while (!stop.get()) {
                        int i = next.getAndIncrement();
                        String key = String.format("key%07d", (i * 7919L) % 10_000_000);
                        if (client.put(key, "value" + i, Duration.ofSeconds(15))) {
                            acknowledged.put(key, "value" + i);
                        }
                    }
                });
                writers.add(t);
                t.start();
            }
            for (int round = 0; round < 2; round++) {
                int victim = round;
                int before = acknowledged.size();
                System.out.println("round " + round + ": " + before + " acknowledged");
                await().atMost(Duration.ofSeconds(120)).until(() -> acknowledged.size() > before + 250);
                cluster.kill(victim);
                int killedAt = acknowledged.size();
                await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() > killedAt + 150);
                cluster.restart(victim);
            }
            int end = acknowledged.size();
            await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() > end + 100);
            stop.set(true);
            for (Thread t : writers) {
                t.join();
            }
            List<String> lost = new ArrayList<>();
            for (Map.Entry<String, String> e : acknowledged.entrySet()) {
                String got = client.get(e.getKey(), Duration.ofSeconds(15));
                if (!e.getValue().equals(got)) {
                    lost.add(e.getKey() + " expected " + e.getValue() + " got " + got);
                }
            }
            assertThat(lost).as("acknowledged writes lost out of " + acknowledged.size()).isEmpty();
            assertThat(cluster.metrics(0)).contains("raftkv_store_regions").contains("raftkv_store_fsyncs_total");
        }
    }
}
