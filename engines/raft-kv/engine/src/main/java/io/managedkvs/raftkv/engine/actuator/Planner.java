package io.managedkvs.raftkv.engine.actuator;

import io.managedkvs.api.engine.ClusterChange;
import io.managedkvs.api.engine.EngineStatus.Finding;
import io.managedkvs.api.engine.Member;
import io.managedkvs.raftkv.engine.model.RaftKvNames;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides, from the placement driver's view and the store pods, the next safe steps: drain the
 * stores a scale-in removes, replace a store that stayed down, and roll stores one at a time with
 * their leaders moved away first. Pure: the same inputs give the same plan, so every rule is tested
 * without a placement driver. Every decision is derived again from what is observed, so a reconcile
 * interrupted anywhere is finished by the next.
 */
public final class Planner {

    private final Timing timing;

    public Planner(Timing timing) {
        this.timing = timing;
    }

    /**
     * @param replicas          stores the spec asks for
     * @param replicationFactor copies of each region
     * @param replaceAfter      how long a store may stay down before it is replaced
     * @param stores            the store pods
     * @param cluster           the placement driver's view
     * @param replacedBefore    stores replaced by earlier reconciles (from the status)
     * @param now               the time of the observation
     */
    public record Input(int replicas, int replicationFactor, Duration replaceAfter, List<StoreMember> stores, PdCluster cluster,
                        Set<Long> replacedBefore, Instant now) {
    }

    public Plan plan(Input in) {
        Builder b = new Builder(in, this);
        b.retireReplaced();
        b.drainScaledIn();
        b.replaceDown();
        if (b.calmForUpgrade()) {
            b.upgrade();
        }
        b.report();
        return b.build();
    }

    /**
     * Whether the placement driver judges the store down, or has not heard from it for
     * {@link Timing#silentAfter()} (sooner than its own timeout, which starts rebuilding copies).
     */
    public boolean isDown(PdStore store, Instant now) {
        return store.down() || (store.lastHeartbeatMs() > 0 && silence(store, now).compareTo(timing.silentAfter()) > 0);
    }

    static Duration silence(PdStore store, Instant now) {
        return Duration.ofMillis(Math.max(0, now.toEpochMilli() - store.lastHeartbeatMs()));
    }

    /** The live (not tombstone) store of each pod that counts: the newest one, by id. */
    public static Map<String, PdStore> currentStores(PdCluster cluster) {
        Map<String, PdStore> byPod = new LinkedHashMap<>();
        cluster.stores().stream().filter(s -> !s.tombstone()).sorted(Comparator.comparingLong(PdStore::id))
                .forEach(s -> byPod.put(RaftKvNames.podOfAddress(s.address()), s));
        return byPod;
    }

    private static final class Builder {
        private final Input in;
        private final Planner planner;
        private final Map<String, PdStore> current;
        private final Map<String, StoreMember> pods = new LinkedHashMap<>();
        private final List<PdStep> steps = new ArrayList<>();
        private final List<ClusterChange> changes = new ArrayList<>();
        private final List<Finding> problems = new ArrayList<>();
        private final List<Finding> progress = new ArrayList<>();
        private final Set<Long> replaced = new HashSet<>();
        private boolean busy;

        Builder(Input in, Planner planner) {
            this.in = in;
            this.planner = planner;
            this.current = currentStores(in.cluster());
            in.stores().forEach(m -> pods.put(m.pod(), m));
            // A replaced store is remembered until it is a tombstone.
            in.cluster().stores().stream().filter(s -> !s.tombstone() && in.replacedBefore().contains(s.id()))
                    .forEach(s -> replaced.add(s.id()));
        }

        /** Stores whose pod got a fresh store, or that were replaced: removed from the placement driver. */
        void retireReplaced() {
            for (PdStore s : in.cluster().stores()) {
                if (s.tombstone()) {
                    continue;
                }
                String pod = RaftKvNames.podOfAddress(s.address());
                boolean superseded = current.get(pod) != null && current.get(pod).id() != s.id();
                if (!superseded && !replaced.contains(s.id())) {
                    continue;
                }
                busy = true;
                if (s.state() == PdStore.State.UP) {
                    steps.add(new PdStep(PdStep.Kind.REMOVE, s.id(), pod, "its pod " + pod + " was replaced"));
                }
                progress.add(Finding.degraded("ReplacingStore", "store " + s.id() + " of pod " + pod
                        + " was replaced; the placement driver rebuilds its replicas on the other stores before removing it"));
            }
        }

        /** Stores beyond spec.replicas: drained through the placement driver; their pods go once they are tombstones. */
        void drainScaledIn() {
            for (Map.Entry<String, PdStore> e : current.entrySet()) {
                int ordinal = Member.ordinalOf(e.getKey());
                PdStore s = e.getValue();
                if (ordinal < in.replicas() || replaced.contains(s.id())) {
                    continue;
                }
                busy = true;
                if (s.state() == PdStore.State.UP) {
                    steps.add(new PdStep(PdStep.Kind.REMOVE, s.id(), e.getKey(), "spec.replicas is " + in.replicas()));
                }
                progress.add(Finding.degraded("StoresDraining", "draining store " + s.id() + " (pod " + e.getKey()
                        + ") before its pod is removed"));
            }
        }

        /**
         * A store down past spec.raftKv.downStoreReplaceAfter gets a fresh pod and volume. Only one at a
         * time, only while every other store is up, and only with at least three copies of each region:
         * then every region keeps a majority of its copies elsewhere, and the deleted volume held nothing
         * that is not also on the others.
         */
        void replaceDown() {
            List<Map.Entry<String, PdStore>> overdue = current.entrySet().stream()
                    .filter(e -> Member.ordinalOf(e.getKey()) < in.replicas())
                    .filter(e -> !replaced.contains(e.getValue().id()) && e.getValue().state() == PdStore.State.UP)
                    .filter(e -> planner.isDown(e.getValue(), in.now())
                            && silence(e.getValue(), in.now()).compareTo(in.replaceAfter()) >= 0)
                    .toList();
            if (overdue.isEmpty()) {
                return;
            }
            Map.Entry<String, PdStore> first = overdue.get(0);
            String pod = first.getKey();
            PdStore store = first.getValue();
            long othersDown = current.values().stream().filter(s -> s.id() != store.id() && planner.isDown(s, in.now())).count();
            long othersUp = current.values().stream().filter(s -> s.id() != store.id() && s.state() == PdStore.State.UP
                    && !planner.isDown(s, in.now())).count();
            String why = null;
            if (in.replicationFactor() < 3) {
                why = "with spec.raftKv.replicationFactor " + in.replicationFactor() + " its volume may hold the only copy of some regions";
            } else if (!replaced.isEmpty()) {
                why = "another replaced store is still being rebuilt";
            } else if (othersDown > 0) {
                why = othersDown + " other store(s) are down too, and their regions could lose their majority";
            } else if (othersUp < in.replicationFactor() - 1) {
                // With all but one copy of each region on the other live stores, the fresh store takes over the
                // address of the down one at the placement driver and receives its copies; with fewer, some
                // region might be left with its only live copies on the volume about to be deleted.
                why = "only " + othersUp + " other stores are up, fewer than the " + (in.replicationFactor() - 1)
                        + " that hold a majority of each region's copies; raise spec.replicas so that its copies can be rebuilt, then it is replaced";
            } else if (!pods.containsKey(pod) || pods.get(pod).terminating()) {
                why = "its pod is not there to replace";
            }
            busy = true;
            if (why != null) {
                problems.add(Finding.degraded("StoreNotReplaced", "store " + store.id() + " (pod " + pod + ") has been silent since "
                        + Instant.ofEpochMilli(store.lastHeartbeatMs()) + " but is not replaced: " + why));
                return;
            }
            steps.add(new PdStep(PdStep.Kind.REMOVE, store.id(), pod, "down for " + human(silence(store, in.now()))));
            changes.add(new ClusterChange.ReplaceMember(pod, List.of(RaftKvNames.dataClaim(pod)), "store " + store.id()
                    + " has been down for " + human(silence(store, in.now())) + ", longer than spec.raftKv.downStoreReplaceAfter ("
                    + human(in.replaceAfter()) + "); a fresh store takes its place"));
            replaced.add(store.id());
            progress.add(Finding.degraded("ReplacingStore", "store " + store.id() + " of pod " + pod
                    + " was replaced; the placement driver rebuilds its replicas on the other stores before removing it"));
        }

        /** An upgrade step is only taken while nothing else is under way and every store is healthy. */
        boolean calmForUpgrade() {
            if (busy || !in.cluster().bootstrapped()) {
                return false;
            }
            boolean evictedInFlight = current.values().stream().anyMatch(PdStore::leaderEvicted);
            if (evictedInFlight) {
                return true;
            }
            boolean allPods = in.stores().stream().filter(m -> m.ordinal() < in.replicas()).count() == in.replicas();
            boolean allUp = current.entrySet().stream()
                    .filter(e -> Member.ordinalOf(e.getKey()) < in.replicas())
                    .noneMatch(e -> planner.isDown(e.getValue(), in.now()));
            boolean allReady = in.stores().stream().filter(m -> m.ordinal() < in.replicas()).allMatch(StoreMember::ready);
            return allPods && allUp && allReady && in.cluster().underReplicatedRegions() == 0;
        }

        /**
         * One store at a time: move its leaders away, restart it once none is left, let leaders back once
         * it is up again and every region has its copies.
         */
        void upgrade() {
            boolean canMoveLeaders = in.replicas() > 1 && in.replicationFactor() > 1;
            for (Map.Entry<String, PdStore> e : current.entrySet()) {
                PdStore s = e.getValue();
                StoreMember pod = pods.get(e.getKey());
                if (!s.leaderEvicted()) {
                    continue;
                }
                if (pod == null || pod.terminating()) {
                    // Its pod is being recreated: this store's upgrade is still under way, no other starts.
                    progress.add(Finding.degraded("UpgradingStores", "restarting store " + s.id() + " (pod " + e.getKey() + ")"));
                } else if (!pod.upToDate()) {
                    restartOrWait(pod, s);
                } else if (pod.ready() && !planner.isDown(s, in.now()) && in.cluster().underReplicatedRegions() == 0) {
                    steps.add(new PdStep(PdStep.Kind.READMIT_LEADERS, s.id(), pod.pod(), "it runs the current version and caught up"));
                } else {
                    progress.add(Finding.degraded("UpgradingStores", "waiting for store " + s.id() + " (pod " + pod.pod()
                            + ") to be up and caught up after its restart"));
                }
                return;
            }
            Optional<StoreMember> next = in.stores().stream().filter(m -> !m.upToDate() && !m.terminating() && m.ordinal() < in.replicas())
                    .max(Comparator.comparingInt(StoreMember::ordinal));
            if (next.isEmpty()) {
                return;
            }
            PdStore store = current.get(next.get().pod());
            if (store == null || !canMoveLeaders) {
                // Never registered (it holds no region), or nowhere to move leaders to: restart it as it is.
                changes.add(new ClusterChange.RestartMember(next.get().pod(), "it runs an outdated store template"));
                progress.add(Finding.degraded("UpgradingStores", "restarting pod " + next.get().pod() + " with the current template"));
                return;
            }
            steps.add(new PdStep(PdStep.Kind.EVICT_LEADERS, store.id(), next.get().pod(), "it is restarted next for the upgrade"));
            progress.add(Finding.degraded("UpgradingStores", "moving the leaders off store " + store.id() + " (pod "
                    + next.get().pod() + ") before its restart"));
        }

        private void restartOrWait(StoreMember pod, PdStore s) {
            if (s.leaders() == 0 || in.replicationFactor() == 1) {
                if (!pod.terminating()) {
                    changes.add(new ClusterChange.RestartMember(pod.pod(), "its leaders moved away; it restarts with the current template"));
                }
                progress.add(Finding.degraded("UpgradingStores", "restarting store " + s.id() + " (pod " + pod.pod() + ")"));
            } else {
                progress.add(Finding.degraded("UpgradingStores", "moving the leaders off store " + s.id() + " (pod "
                        + pod.pod() + ") before its restart"));
            }
        }

        /** Problems that hold whatever is being done. */
        void report() {
            PdCluster c = in.cluster();
            if (!c.bootstrapped()) {
                long registered = current.values().stream().filter(s -> s.state() == PdStore.State.UP).count();
                progress.add(Finding.degraded("Bootstrapping", "waiting for " + in.replicationFactor()
                        + " stores to register with the placement driver; " + registered + " have"));
                return;
            }
            List<String> down = new ArrayList<>();
            current.forEach((pod, s) -> {
                if (!replaced.contains(s.id()) && planner.isDown(s, in.now())) {
                    down.add(pod + " (store " + s.id() + ", silent since " + Instant.ofEpochMilli(s.lastHeartbeatMs()) + ")");
                }
            });
            if (!down.isEmpty()) {
                problems.add(Finding.degraded("StoresDown", "stores down: " + String.join(", ", down)));
            }
            if (c.underReplicatedRegions() > 0) {
                problems.add(Finding.degraded("UnderReplicatedRegions", c.underReplicatedRegions() + " of " + c.regions()
                        + " regions have fewer than " + c.replicationFactor() + " healthy copies; the placement driver is restoring them"));
            }
            if (c.leaderlessRegions() > 0) {
                problems.add(Finding.degraded("LeaderlessRegions", c.leaderlessRegions() + " of " + c.regions()
                        + " regions have no leader: their keys cannot be read or written until one is elected"));
            }
        }

        Plan build() {
            int ready = 0;
            for (StoreMember m : in.stores()) {
                PdStore s = current.get(m.pod());
                if (m.ordinal() < in.replicas() && m.ready() && !m.terminating() && s != null
                        && s.state() == PdStore.State.UP && !planner.isDown(s, in.now())) {
                    ready++;
                }
            }
            boolean settled = steps.isEmpty() && changes.isEmpty() && progress.isEmpty();
            return new Plan(steps, changes, problems, progress, ready, replaced, settled);
        }
    }

    static String human(Duration d) {
        if (d.toHours() > 0) {
            return d.toHours() + "h" + (d.toMinutesPart() > 0 ? d.toMinutesPart() + "m" : "");
        }
        if (d.toMinutes() > 0) {
            return d.toMinutes() + "m" + (d.toSecondsPart() > 0 ? d.toSecondsPart() + "s" : "");
        }
        return d.toSeconds() + "s";
    }
}
