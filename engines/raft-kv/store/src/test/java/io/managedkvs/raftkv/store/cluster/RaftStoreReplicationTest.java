package io.managedkvs.raftkv.store.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.managedkvs.raftkv.proto.kv.GetResponse;
import io.managedkvs.raftkv.proto.meta.Region;
import io.managedkvs.raftkv.store.raftstore.RaftStoreConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RaftStoreReplicationTest {

    @TempDir
    Path tmp;

    @Test
    void threeStoresElectALeaderReplicateWritesAndSurviveALeaderRestart() throws Exception {
        try (LocalStores cluster = new LocalStores(tmp, RaftStoreConfig.defaults(), 3); KvCalls kv = new KvCalls()) {
            Region region = cluster.bootstrap(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> cluster.leader(1) != null);
            LocalStores.Node leader = cluster.leader(1);
            for (int i = 0; i < 100; i++) {
                assertThat(kv.put(leader.address, region, "k" + i, "v" + i).hasRegionError()).isFalse();
            }
            GetResponse got = kv.get(leader.address, region, "k42");
            assertThat(got.getFound()).isTrue();
            assertThat(got.getValue().toStringUtf8()).isEqualTo("v42");

            LocalStores.Node follower = cluster.nodes.stream().filter(n -> n != leader).findFirst().orElseThrow();
            GetResponse fromFollower = kv.get(follower.address, region, "k42");
            assertThat(fromFollower.getRegionError().hasNotLeader()).isTrue();
            assertThat(fromFollower.getRegionError().getNotLeader().getLeader().getStoreId()).isEqualTo(leader.storeId);

            leader.stop();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                LocalStores.Node l = cluster.leader(1);
                return l != null && l != leader;
            });
            LocalStores.Node next = cluster.leader(1);
            assertThat(kv.get(next.address, region, "k99").getValue().toStringUtf8()).isEqualTo("v99");
            assertThat(kv.put(next.address, region, "after", "restart").hasRegionError()).isFalse();

            leader.start();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(leader.store.region(1).appliedIndex()).isGreaterThanOrEqualTo(next.store.region(1).appliedIndex()));
        }
    }
}
