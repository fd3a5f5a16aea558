package io.managedkvs.raftkv.pd.schedule;

import io.managedkvs.raftkv.proto.meta.Peer;
import io.managedkvs.raftkv.proto.meta.PeerRole;
import io.managedkvs.raftkv.proto.meta.Region;
import io.managedkvs.raftkv.proto.meta.StoreState;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What schedulers see: stores, regions, which regions already have an operator, and where those
 * operators are moving leaders (region id to store; {@link OperatorController#leaderMoves}).
 * Immutable and built once per scheduling round, so schedulers are pure functions of it.
 */
public record ClusterSnapshot(List<StoreView> stores, List<RegionView> regions, int replicationFactor, Set<Long> busyRegions,
                              Map<Long, Long> leaderMoves) {

    /**
     * A store as PD judges it.
     *
     * @param down not heard from for the down-store timeout: its replicas are replaced
     * @param disconnected not heard from for a few heartbeats: nothing new goes to it, but its
     *     replicas stay until it is down
     */
    public record StoreView(long id, StoreState state, Map<String, String> labels, boolean down, boolean leaderEvicted,
                            boolean disconnected) {

        /** A store heard from recently. */
        public StoreView(long id, StoreState state, Map<String, String> labels, boolean down, boolean leaderEvicted) {
            this(id, state, labels, down, leaderEvicted, down);
        }

        /** Can take new replicas and leaders. */
        public boolean usable() {
            return state == StoreState.UP && !down && !disconnected;
        }
    }

    /**
     * A region and its leader as last reported; {@code leader} is null when none reported.
     *
     * @param pendingPeers ids of the peers the leader last reported as catching up (receiving a
     *     snapshot, or far behind its log): such a peer cannot take leadership yet, and does not
     *     count towards a quorum of up-to-date replicas
     */
    public record RegionView(Region region, Peer leader, Set<Long> pendingPeers) {

        public RegionView {
            pendingPeers = pendingPeers == null ? Set.of() : Set.copyOf(pendingPeers);
        }

        /** A region with no peer catching up. */
        public RegionView(Region region, Peer leader) {
            this(region, leader, Set.of());
        }

        public long id() {
            return region.getId();
        }

        public boolean isPending(Peer p) {
            return pendingPeers.contains(p.getId());
        }

        /**
         * Whether a replica other than the one on {@code storeId} is catching up: removing that
         * store's replica now would leave fewer up-to-date replicas than the quorum counts on.
         */
        public boolean pendingBesides(long storeId) {
            return region.getPeersList().stream().anyMatch(p -> p.getStoreId() != storeId && isPending(p));
        }

        /** Voters that could take leadership now: on a store that can lead, and not catching up. */
        public List<Peer> leaderCandidates(Map<Long, StoreView> stores) {
            return voters().stream().filter(p -> !isPending(p) && LeaderEvictionScheduler.canLead(stores.get(p.getStoreId()))).toList();
        }

        public Peer peerOn(long storeId) {
            for (Peer p : region.getPeersList()) {
                if (p.getStoreId() == storeId) {
                    return p;
                }
            }
            return null;
        }

        public List<Peer> voters() {
            return region.getPeersList().stream().filter(p -> p.getRole() == PeerRole.VOTER).toList();
        }
    }

    public ClusterSnapshot {
        stores = List.copyOf(stores);
        regions = List.copyOf(regions);
        busyRegions = Set.copyOf(busyRegions);
        leaderMoves = Map.copyOf(leaderMoves);
    }

    /** A snapshot with no leader moves under way. */
    public ClusterSnapshot(List<StoreView> stores, List<RegionView> regions, int replicationFactor, Set<Long> busyRegions) {
        this(stores, regions, replicationFactor, busyRegions, Map.of());
    }

    public Map<Long, StoreView> storesById() {
        return stores.stream().collect(Collectors.toMap(StoreView::id, Function.identity()));
    }

    /** Replicas per store, counting every store (zero for empty ones). */
    public Map<Long, Integer> replicaCounts() {
        Map<Long, Integer> counts = stores.stream().collect(Collectors.toMap(StoreView::id, s -> 0));
        for (RegionView r : regions) {
            for (Peer p : r.region().getPeersList()) {
                counts.merge(p.getStoreId(), 1, Integer::sum);
            }
        }
        return counts;
    }

    /**
     * Leaders per store, counting every store, and counting a leader being moved where it is going:
     * heartbeats tell of a finished transfer a second or more after it happened.
     */
    public Map<Long, Integer> leaderCounts() {
        Map<Long, Integer> counts = stores.stream().collect(Collectors.toMap(StoreView::id, s -> 0));
        for (RegionView r : regions) {
            Long moving = leaderMoves.get(r.id());
            if (moving != null) {
                counts.merge(moving, 1, Integer::sum);
            } else if (r.leader() != null) {
                counts.merge(r.leader().getStoreId(), 1, Integer::sum);
            }
        }
        return counts;
    }

    public boolean busy(long regionId) {
        return busyRegions.contains(regionId);
    }
}
