package io.managedkvs.raftkv.store.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.managedkvs.raftkv.proto.meta.StoreState;
import io.managedkvs.raftkv.proto.pd.RegionInfo;
import io.managedkvs.raftkv.proto.pd.RemoveStoreResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PD's balance, drain and store replacement with real processes: a PD with a short
 * down-store timeout and stores on RocksDB, small regions so there are several. Every key
 * acknowledged before a store is lost must read back once PD has repaired the cluster.
 */
class PdRepairIT {

    private static final List<String> SMALL_REGIONS = List.of("--region-max-keys", "150");
    private static final List<String> QUICK_DOWN = List.of("--down-store-timeout", "10s");
    private static final Duration REPAIR = Duration.ofSeconds(120);

    @TempDir
    Path tmp;

    private ProcessCluster cluster;

    @AfterEach
    void tearDown() throws Exception {
        if (cluster != null) {
            cluster.close();
            cluster.printLogTails(12_000);
        }
    }

    static Map<String, String> write(RoutingClient client, String prefix, int count) {
        Map<String, String> acknowledged = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String key = String.format("%s%05d", prefix, (i * 7919) % 100_000);
            String value = "v" + i;
            assertThat(client.put(key, value, Duration.ofSeconds(30))).as("put " + key).isTrue();
            acknowledged.put(key, value);
        }
        return acknowledged;
    }

    static void assertReadBack(RoutingClient client, Map<String, String> acknowledged) {
        List<String> lost = new ArrayList<>();
        for (Map.Entry<String, String> e : acknowledged.entrySet()) {
            String got = client.get(e.getKey(), Duration.ofSeconds(30));
            if (!e.getValue().equals(got)) {
                lost.add(e.getKey() + " expected " + e.getValue() + " got " + got);
            }
        }
        assertThat(lost).as("acknowledged writes lost out of " + acknowledged.size()).isEmpty();
    }

    @Test
    void aNewStoreReceivesRegionsAndLeadersAndADrainedStoreGoesOnlyOnceItHoldsNothing() throws Exception {
        cluster = new ProcessCluster(tmp, 3, SMALL_REGIONS);
        try (RoutingClient client = new RoutingClient(cluster.pdAddress); PdView pd = new PdView(cluster.pdAddress)) {
            Map<String, String> acknowledged = write(client, "balance", 900);
            await().atMost(REPAIR).until(() -> pd.regions().size() >= 5 && pd.fullyReplicated(3, Set.of()));

            int added = cluster.addStore();
            long addedId = pd.storeAt(cluster.storeAddress(added));
            await().atMost(REPAIR).until(() -> pd.replicasOn(addedId) >= 2 && pd.leadersOn(addedId) >= 1);

            long drained = pd.storeAt(cluster.storeAddress(0));
            RemoveStoreResponse removing = pd.removeStore(drained);
            assertThat(removing.getHeader().hasError()).as(removing.getHeader().getError().getMessage()).isFalse();
            assertThat(removing.getState()).isEqualTo(StoreState.OFFLINE);
            await().atMost(REPAIR).until(() -> {
                // It may go only once it holds nothing: while it is OFFLINE every region still has it or three others.
                StoreState state = pd.state(drained);
                long held = pd.replicasOn(drained);
                assertThat(state == StoreState.TOMBSTONE && held > 0).as("tombstone while holding " + held + " replicas").isFalse();
                return state == StoreState.TOMBSTONE;
            });
            assertThat(pd.fullyReplicated(3, Set.of(drained))).isTrue();
            RemoveStoreResponse again = pd.removeStore(pd.storeAt(cluster.storeAddress(1)));
            assertThat(again.getHeader().getError().getMessage()).as("three stores left, three copies")
                    .contains("replication factor");
            assertReadBack(client, acknowledged);
        }
    }

    @Test
    void aStoreReplacedAtItsAddressWithAnEmptyVolumeGetsTheReplicasBackAndALiveAddressIsNeverTakenOver() throws Exception {
        cluster = new ProcessCluster(tmp, 3, SMALL_REGIONS, QUICK_DOWN);
        try (RoutingClient client = new RoutingClient(cluster.pdAddress); PdView pd = new PdView(cluster.pdAddress)) {
            Map<String, String> acknowledged = write(client, "replace", 600);
            await().atMost(REPAIR).until(() -> pd.regions().size() >= 3 && pd.fullyReplicated(3, Set.of()));
            long oldId = pd.storeAt(cluster.storeAddress(1));

            cluster.kill(1);
            cluster.wipe(1);
            await().atMost(REPAIR).until(() -> pd.isDown(oldId));
            cluster.restart(1);
            long newId = pd.storeAt(cluster.storeAddress(1));
            assertThat(newId).as("an empty volume means a new store id").isNotEqualTo(oldId);
            assertThat(pd.state(oldId)).isIn(StoreState.OFFLINE, StoreState.TOMBSTONE);

            await().atMost(REPAIR).until(() -> pd.fullyReplicated(3, Set.of(oldId)) && pd.state(oldId) == StoreState.TOMBSTONE);
            for (RegionInfo r : pd.regions()) {
                assertThat(r.getRegion().getPeersList()).as("region " + r.getRegion().getId())
                        .anyMatch(p -> p.getStoreId() == newId);
            }
            assertReadBack(client, acknowledged);

            // A second empty store at the address of the live store 2 is refused and changes nothing.
            int intruder = cluster.addStoreAt(2);
            await().atMost(Duration.ofSeconds(60)).until(() -> !cluster.alive(intruder));
            assertThat(cluster.log("store-" + intruder)).contains("store.address").contains("alive");
            long live = pd.storeAt(cluster.storeAddress(2));
            assertThat(pd.state(live)).isEqualTo(StoreState.UP);
            assertThat(pd.stores()).filteredOn(s -> s.getStore().getState() != StoreState.TOMBSTONE).hasSize(3);
            assertReadBack(client, acknowledged);
        }
    }
}
