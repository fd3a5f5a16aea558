package io.managedkvs.raftkv.store.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.managedkvs.raftkv.proto.meta.PeerRole;
import io.managedkvs.raftkv.proto.pd.RegionInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store is lost for good: four stores, replication factor three, several small regions and
 * clients writing throughout; the store holding the most replicas is killed with SIGKILL and never
 * comes back. PD declares it down after a short timeout and every region must regain three voters
 * on the three live stores and a leader, while writes keep being acknowledged, and every
 * acknowledged write reads back.
 */
class PdStoreLossIT {

    private static final List<String> SMALL_REGIONS = List.of("--region-max-keys", "600");
    private static final List<String> QUICK_DOWN = List.of("--down-store-timeout", "5s");
    private static final Duration REPAIR = Duration.ofSeconds(90);
    private static final int WRITERS = 4;
    /** Between a writer's puts, so that regions keep splitting but stay few enough to repair quickly. */
    private static final Duration PACE = Duration.ofMillis(20);

    @TempDir
    Path tmp;

    private ProcessCluster cluster;

    @AfterEach
    void tearDown() throws Exception {
        if (cluster != null) {
            cluster.close();
            cluster.keepLogs(Path.of("target", "PdStoreLossIT-logs"), 12_000);
        }
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void everyRegionRegainsThreeVotersOnTheLiveStoresWhileClientsKeepWriting() throws Exception {
        cluster = new ProcessCluster(tmp, 4, SMALL_REGIONS, QUICK_DOWN);
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger next = new AtomicInteger();
        List<Thread> writers = new ArrayList<>();
        try (RoutingClient client = new RoutingClient(cluster.pdAddress); PdView pd = new PdView(cluster.pdAddress)) {
            acknowledged.putAll(PdRepairIT.write(client, "seed", 3000));
            for (int w = 0; w < WRITERS; w++) {
                Thread t = new Thread(() -> {
                    while (!stop.get()) {
                        int i = next.getAndIncrement();
                        // Each key is written once, so what it must read back is never in doubt.
                        String key = String.format("load%06d", (i * 7919L) % 1_000_000);
                        if (client.put(key, "v" + i, Duration.ofSeconds(10))) {
                            acknowledged.put(key, "v" + i);
                        }
                        pause(PACE);
                    }
                }, "writer-" + w);
                writers.add(t);
                t.start();
            }
            // Spread over all four stores first, so the lost one holds replicas and leaders of several regions.
            await().atMost(REPAIR).until(() -> pd.regions().size() >= 4 && pd.fullyReplicated(3, Set.of())
                    && IntStream.range(0, 4).allMatch(i -> pd.replicasOn(pd.storeAt(cluster.storeAddress(i))) > 0));
            int victim = IntStream.range(0, 4).boxed()
                    .max(Comparator.comparingLong(i -> pd.replicasOn(pd.storeAt(cluster.storeAddress(i))))).orElseThrow();
            long lost = pd.storeAt(cluster.storeAddress(victim));
            System.out.println("killing store " + lost + " (store-" + victim + "), holding " + pd.replicasOn(lost) + " replicas and "
                    + pd.leadersOn(lost) + " leaders");

            cluster.kill(victim);
            long killedAt = System.nanoTime();
            await().atMost(REPAIR).until(() -> pd.isDown(lost));
            await().atMost(REPAIR).until(() -> pd.fullyReplicated(3, Set.of(lost)));
            System.out.printf("repaired %.1f s after the kill%n", (System.nanoTime() - killedAt) / 1e9);

            Set<Long> live = IntStream.range(0, 4).filter(i -> i != victim)
                    .mapToObj(i -> pd.storeAt(cluster.storeAddress(i))).collect(Collectors.toSet());
            for (RegionInfo r : pd.regions()) {
                assertThat(PdView.storesOf(r, PeerRole.VOTER)).as("voters of region " + r.getRegion().getId()).isEqualTo(live);
                assertThat(r.hasLeader()).as("region " + r.getRegion().getId() + " has a leader").isTrue();
            }
            // Writes go on after the repair: no region is left refusing proposals.
            int repairedAt = acknowledged.size();
            await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() > repairedAt + 200);
            stop.set(true);
            for (Thread t : writers) {
                t.join();
            }
            PdRepairIT.assertReadBack(client, acknowledged);
        } finally {
            stop.set(true);
        }
    }
}
