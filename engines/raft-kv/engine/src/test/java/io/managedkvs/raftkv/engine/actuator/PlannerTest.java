package io.managedkvs.raftkv.engine.actuator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.managedkvs.api.engine.ClusterChange;
import io.managedkvs.api.engine.EngineStatus.Finding;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The planner's rules on hand-made placement driver views: no placement driver, no cluster. */
class PlannerTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final Duration REPLACE_AFTER = Duration.ofMinutes(30);
    private final Planner planner = new Planner(Timing.DEFAULT);

    private static PdStore up(long id, int ordinal) {
        return new PdStore(id, address(ordinal), PdStore.State.UP, false, NOW.minusSeconds(1).toEpochMilli(), 1, 0, false);
    }

    private static String address(int ordinal) {
        return "cache-store-" + ordinal + ".cache-store-headless.apps.svc:20160";
    }

    private static StoreMember pod(int ordinal) {
        return new StoreMember("cache-store-" + ordinal, ordinal, true, false, true);
    }

    private static PdCluster cluster(List<PdStore> stores) {
        return new PdCluster(true, 3, stores, 10, 0, 0, "cache-pd-1:2379");
    }

    private Plan plan(int replicas, List<StoreMember> pods, List<PdStore> stores) {
        return plan(replicas, pods, stores, Set.of());
    }

    private Plan plan(int replicas, List<StoreMember> pods, List<PdStore> stores, Set<Long> replaced) {
        return planner.plan(new Planner.Input(replicas, 3, REPLACE_AFTER, pods, cluster(stores), replaced, NOW));
    }

    private static List<StoreMember> pods(int n) {
        List<StoreMember> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(pod(i));
        }
        return out;
    }

    @Test
    void aHealthyClusterIsSettledAndEveryStoreCountsReady() {
        Plan plan = plan(3, pods(3), List.of(up(1, 0), up(2, 1), up(3, 2)));

        assertThat(plan.settled()).isTrue();
        assertThat(plan.storesReady()).isEqualTo(3);
        assertThat(plan.problems()).isEmpty();
    }

    @Test
    void scaleInDrainsTheStoresAboveTheNewSizeAndWaitsForThemToBeTombstones() {
        Plan first = plan(3, pods(5), List.of(up(1, 0), up(2, 1), up(3, 2), up(4, 3), up(5, 4)));
        assertThat(first.pdSteps()).extracting(PdStep::kind, PdStep::storeId)
                .containsExactly(tuple(PdStep.Kind.REMOVE, 4L), tuple(PdStep.Kind.REMOVE, 5L));
        assertThat(first.changes()).as("pods go only with the StatefulSet, once their stores are tombstones").isEmpty();
        assertThat(first.progress()).extracting(Finding::reason).containsOnly("StoresDraining");

        PdStore draining = new PdStore(5, address(4), PdStore.State.OFFLINE, false, NOW.toEpochMilli(), 1, 0, false);
        PdStore gone = new PdStore(4, address(3), PdStore.State.TOMBSTONE, false, NOW.toEpochMilli(), 0, 0, false);
        Plan second = plan(3, pods(5), List.of(up(1, 0), up(2, 1), up(3, 2), gone, draining));
        assertThat(second.pdSteps()).as("an offline store is not removed twice").isEmpty();
        assertThat(second.settled()).isFalse();
    }

    @Test
    void aStoreDownPastTheDelayIsReplacedOnceWithItsVolume() {
        PdStore silent = new PdStore(2, address(1), PdStore.State.UP, true, NOW.minus(Duration.ofMinutes(31)).toEpochMilli(), 1, 0, false);
        Plan plan = plan(4, pods(4), List.of(up(1, 0), silent, up(3, 2), up(4, 3)));

        assertThat(plan.changes()).singleElement().isInstanceOfSatisfying(ClusterChange.ReplaceMember.class, r -> {
            assertThat(r.member()).isEqualTo("cache-store-1");
            assertThat(r.claims()).containsExactly("data-cache-store-1");
            assertThat(r.reason()).contains("store 2", "spec.raftKv.downStoreReplaceAfter");
        });
        assertThat(plan.pdSteps()).extracting(PdStep::kind).containsExactly(PdStep.Kind.REMOVE);
        assertThat(plan.replaced()).containsExactly(2L);

        Plan again = plan(4, pods(4), List.of(up(1, 0), silent, up(3, 2), up(4, 3)), plan.replaced());
        assertThat(again.changes()).as("a replaced store is not replaced again while its fresh pod starts").isEmpty();
        assertThat(again.pdSteps()).as("its removal is asked for until the placement driver accepts it").extracting(PdStep::storeId).containsExactly(2L);

        PdStore gone = new PdStore(2, address(1), PdStore.State.TOMBSTONE, true, silent.lastHeartbeatMs(), 0, 0, false);
        Plan rebuilt = plan(4, pods(4), List.of(up(1, 0), gone, up(3, 2), up(4, 3), up(5, 1)), plan.replaced());
        assertThat(rebuilt.changes()).isEmpty();
        assertThat(rebuilt.replaced()).as("forgotten once a tombstone").isEmpty();
        assertThat(rebuilt.storesReady()).as("the fresh store counts for its pod").isEqualTo(4);
    }

    @Test
    void withNoSpareStoreADownStoreIsReplacedAtItsAddressButNotWhenAnotherStoreIsOfflineToo() {
        PdStore silent = new PdStore(2, address(1), PdStore.State.UP, true, NOW.minus(Duration.ofMinutes(31)).toEpochMilli(), 1, 0, false);
        Plan plan = plan(3, pods(3), List.of(up(1, 0), silent, up(3, 2)));

        assertThat(plan.changes()).as("the fresh store takes over the address at the placement driver")
                .singleElement().isInstanceOf(ClusterChange.ReplaceMember.class);
        assertThat(plan.pdSteps()).extracting(PdStep::kind, PdStep::storeId).containsExactly(tuple(PdStep.Kind.REMOVE, 2L));

        PdStore leaving = new PdStore(3, address(2), PdStore.State.OFFLINE, false, NOW.minusSeconds(1).toEpochMilli(), 1, 0, false);
        Plan short1 = plan(3, pods(3), List.of(up(1, 0), silent, leaving));
        assertThat(short1.changes()).isEmpty();
        assertThat(short1.problems()).filteredOn(f -> f.reason().equals("StoreNotReplaced")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("raise spec.replicas"));
    }

    @Test
    void aStoreDownForLessThanTheDelayIsReportedButKept() {
        PdStore silent = new PdStore(2, address(1), PdStore.State.UP, false, NOW.minus(Duration.ofMinutes(5)).toEpochMilli(), 1, 0, false);
        Plan plan = plan(3, pods(3), List.of(up(1, 0), silent, up(3, 2)));

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.problems()).extracting(Finding::reason).containsExactly("StoresDown");
        assertThat(plan.storesReady()).isEqualTo(2);
    }

    @Test
    void twoStoresDownAreNotReplacedBecauseTheirRegionsMightLoseTheirMajority() {
        long longAgo = NOW.minus(Duration.ofHours(2)).toEpochMilli();
        PdStore a = new PdStore(2, address(1), PdStore.State.UP, true, longAgo, 1, 0, false);
        PdStore b = new PdStore(3, address(2), PdStore.State.UP, true, longAgo, 1, 0, false);
        Plan plan = plan(5, pods(5), List.of(up(1, 0), a, b, up(4, 3), up(5, 4)));

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.problems()).extracting(Finding::reason).contains("StoreNotReplaced", "StoresDown");
        assertThat(plan.problems()).filteredOn(f -> f.reason().equals("StoreNotReplaced")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("other store(s) are down"));
    }

    @Test
    void anUpgradeMovesLeadersOffOneStoreRestartsItOnceEmptyAndLetsLeadersBackOnceCaughtUp() {
        List<StoreMember> outdated = List.of(pod(0), pod(1), new StoreMember("cache-store-2", 2, true, false, false));
        Plan evict = plan(3, outdated, List.of(up(1, 0), up(2, 1), up(3, 2)));
        assertThat(evict.pdSteps()).extracting(PdStep::kind, PdStep::storeId)
                .containsExactly(tuple(PdStep.Kind.EVICT_LEADERS, 3L));
        assertThat(evict.changes()).isEmpty();

        PdStore evictedWithLeaders = new PdStore(3, address(2), PdStore.State.UP, false, NOW.toEpochMilli(), 1, 2, true);
        Plan waiting = plan(3, outdated, List.of(up(1, 0), up(2, 1), evictedWithLeaders));
        assertThat(waiting.changes()).as("no restart while it still leads").isEmpty();
        assertThat(waiting.pdSteps()).isEmpty();

        PdStore evictedEmpty = new PdStore(3, address(2), PdStore.State.UP, false, NOW.toEpochMilli(), 1, 0, true);
        Plan restart = plan(3, outdated, List.of(up(1, 0), up(2, 1), evictedEmpty));
        assertThat(restart.changes()).singleElement().isInstanceOf(ClusterChange.RestartMember.class)
                .extracting(ClusterChange::member).isEqualTo("cache-store-2");

        List<StoreMember> recreating = List.of(new StoreMember("cache-store-0", 0, true, false, false),
                new StoreMember("cache-store-1", 1, true, false, false));
        Plan gone = plan(3, recreating, List.of(up(1, 0), up(2, 1), evictedEmpty));
        assertThat(gone.pdSteps()).as("no other store starts while the restarted one's pod is recreated").isEmpty();
        assertThat(gone.changes()).isEmpty();

        List<StoreMember> restarting = List.of(pod(0), pod(1), new StoreMember("cache-store-2", 2, false, false, true));
        assertThat(plan(3, restarting, List.of(up(1, 0), up(2, 1), evictedEmpty)).pdSteps())
                .as("leaders come back only once it is ready again").isEmpty();

        Plan readmit = plan(3, pods(3), List.of(up(1, 0), up(2, 1), evictedEmpty));
        assertThat(readmit.pdSteps()).extracting(PdStep::kind).containsExactly(PdStep.Kind.READMIT_LEADERS);
    }

    @Test
    void noUpgradeStepWhileRegionsAreUnderReplicated() {
        List<StoreMember> outdated = List.of(pod(0), pod(1), new StoreMember("cache-store-2", 2, true, false, false));
        PdCluster degraded = new PdCluster(true, 3, List.of(up(1, 0), up(2, 1), up(3, 2)), 10, 2, 0, "");
        Plan plan = planner.plan(new Planner.Input(3, 3, REPLACE_AFTER, outdated, degraded, Set.of(), NOW));

        assertThat(plan.pdSteps()).isEmpty();
        assertThat(plan.changes()).isEmpty();
        assertThat(plan.problems()).extracting(Finding::reason).containsExactly("UnderReplicatedRegions");
    }

    @Test
    void beforeBootstrapItWaitsForStores() {
        PdCluster fresh = new PdCluster(false, 3, List.of(up(1, 0)), 0, 0, 0, "");
        Plan plan = planner.plan(new Planner.Input(3, 3, REPLACE_AFTER, pods(3), fresh, Set.of(), NOW));

        assertThat(plan.progress()).extracting(Finding::reason).containsExactly("Bootstrapping");
        assertThat(plan.pdSteps()).isEmpty();
    }
}
