package io.managedkvs.scheduler.cache;

import io.managedkvs.api.resource.SchedulingSpec;
import io.managedkvs.scheduler.policy.ClusterSnapshot;
import io.managedkvs.scheduler.policy.GroupKey;
import io.managedkvs.scheduler.policy.GroupMembers;
import io.managedkvs.scheduler.policy.Zones;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Where the members of every managed instance are, kept from informer events and from this extender's
 * own reservations, and read by scheduling requests.
 *
 * <p>Concurrency: writers are the informers' event threads and request threads (reservations); readers
 * are request threads. Every pod changes under its own key in {@link #pods}; the per-group and per-node
 * aggregates it feeds are updated inside that change, each by an atomic per-key operation on an
 * immutable or boxed value. Nothing here blocks on I/O, and a reader never waits for more than one
 * map bin.
 *
 * <p>Zones: the cache answers by its default zone key (the extender's {@code zone-label}), whose value
 * it keeps per node, computed when the node changes. {@link #forZoneKey} gives a view that answers by
 * another node label, for members of an instance that names its own failure domains.
 */
public final class PlacementCache implements ClusterSnapshot {

    /** How many earlier picks of one pod are remembered, to try another node when a pick did not bind. */
    static final int MAX_PICKS = 4;

    private final ConcurrentHashMap<String, PodEntry> pods = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<GroupKey, GroupMembers> groups = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Integer> loadByNode = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, NodeFacts> nodes = new ConcurrentHashMap<>();
    private final Set<String> reserved = ConcurrentHashMap.newKeySet();
    private final String zoneKey;
    private final long reservationTtlNanos;
    private final LongSupplier nanoClock;

    /**
     * @param zoneKey the node label that names a node's zone for pods that name none (the extender's
     *                {@code managedkvs.scheduler.zone-label})
     */
    public PlacementCache(String zoneKey, Duration reservationTtl, LongSupplier nanoClock) {
        if (zoneKey == null || zoneKey.isBlank()) {
            throw new IllegalArgumentException("managedkvs.scheduler.zone-label must name a node label, such as "
                    + SchedulingSpec.DEFAULT_ZONE_TOPOLOGY_KEY + "; it is " + (zoneKey == null ? "missing" : "blank"));
        }
        this.zoneKey = zoneKey.trim();
        this.reservationTtlNanos = reservationTtl.toNanos();
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    public PlacementCache(String zoneKey, Duration reservationTtl) {
        this(zoneKey, reservationTtl, System::nanoTime);
    }

    /** A cache whose default zone key is the well-known {@value SchedulingSpec#DEFAULT_ZONE_TOPOLOGY_KEY}. */
    public PlacementCache(Duration reservationTtl, LongSupplier nanoClock) {
        this(SchedulingSpec.DEFAULT_ZONE_TOPOLOGY_KEY, reservationTtl, nanoClock);
    }

    /** A cache whose default zone key is the well-known {@value SchedulingSpec#DEFAULT_ZONE_TOPOLOGY_KEY}. */
    public PlacementCache(Duration reservationTtl) {
        this(reservationTtl, System::nanoTime);
    }

    /** The node label whose value {@link NodeFacts#zone()} holds, and by which this snapshot answers. */
    public String zoneKey() {
        return zoneKey;
    }

    /**
     * The cluster as seen with zones named by the node label {@code key}: this cache itself for its default
     * key (or a null or blank key), otherwise a view that reads each node's label (one lookup per node
     * asked about). Everything else the view answers is this cache's.
     */
    public ClusterSnapshot forZoneKey(String key) {
        if (key == null || key.isBlank() || key.equals(zoneKey)) {
            return this;
        }
        return new ZoneKeyView(this, key);
    }

    // ---- writes from the informers

    /** A pod was added or changed. */
    public void applyPod(PodFacts facts) {
        long now = nanoClock.getAsLong();
        pods.compute(facts.podKey(), (key, old) -> {
            PodEntry next = next(old, facts, now);
            account(key, old, next);
            return next;
        });
    }

    /** A pod is gone. */
    public void removePod(String podKey) {
        pods.computeIfPresent(podKey, (key, old) -> {
            account(key, old, null);
            return null;
        });
    }

    public void applyNode(NodeFacts facts) {
        nodes.put(facts.name(), facts);
    }

    public void removeNode(String name) {
        nodes.remove(name);
    }

    // ---- writes from requests

    /**
     * Holds {@code node} for a pod this extender chose it for, until the binding is seen, the pod is
     * gone, or the reservation expires. A pod the informer already sees bound keeps its binding.
     */
    public void reserve(String podKey, GroupKey group, String node) {
        long until = nanoClock.getAsLong() + reservationTtlNanos;
        pods.compute(podKey, (key, old) -> {
            if (old != null && old.state == State.BOUND) {
                return old;
            }
            List<String> picks = new ArrayList<>(old == null ? List.of() : old.picks);
            picks.add(node);
            if (picks.size() > MAX_PICKS) {
                picks.remove(0);
            }
            PodEntry next = new PodEntry(group, node, State.RESERVED, until, List.copyOf(picks));
            account(key, old, next);
            return next;
        });
    }

    /** Turns reservations that outlived their time back into waiting members. Cheap when there are none. */
    public void expireReservations() {
        if (reserved.isEmpty()) {
            return;
        }
        long now = nanoClock.getAsLong();
        for (String key : reserved) {
            pods.computeIfPresent(key, (k, old) -> {
                if (old.state != State.RESERVED || old.reservedUntil - now > 0) {
                    return old;
                }
                PodEntry next = new PodEntry(old.group, null, State.WAITING, 0, old.picks);
                account(k, old, next);
                return next;
            });
        }
    }

    // ---- reads (ClusterSnapshot)

    @Override
    public GroupMembers members(GroupKey group) {
        return groups.getOrDefault(group, GroupMembers.EMPTY);
    }

    @Override
    public String zoneOf(String node) {
        return zoneOf(node, null);
    }

    @Override
    public int managedPodsOn(String node) {
        return loadByNode.getOrDefault(node, 0);
    }

    @Override
    public int zonesWithSchedulableNodes(Map<String, String> nodeSelector) {
        return zonesWithSchedulableNodes(nodeSelector, null);
    }

    /** The zone of a node by the label {@code key} (null: the default key). */
    String zoneOf(String node, String key) {
        NodeFacts facts = nodes.get(node);
        if (facts == null) {
            return Zones.of(null, node);
        }
        return key == null ? facts.zone() : facts.zoneBy(key);
    }

    /** {@link #zonesWithSchedulableNodes(Map)} with zones named by the label {@code key} (null: the default key). */
    int zonesWithSchedulableNodes(Map<String, String> nodeSelector, String key) {
        Set<String> zones = new HashSet<>();
        for (NodeFacts n : nodes.values()) {
            if (n.schedulable() && n.matches(nodeSelector)) {
                zones.add(key == null ? n.zone() : n.zoneBy(key));
            }
        }
        return zones.size();
    }

    @Override
    public List<String> earlierPicks(String podKey) {
        PodEntry e = pods.get(podKey);
        return e == null ? List.of() : e.picks;
    }

    /** The node a pod is bound to or reserved for, or null. */
    public String placementOf(String podKey) {
        PodEntry e = pods.get(podKey);
        return e == null ? null : e.node;
    }

    /** Whether the pod's place is a reservation of this extender that the cache has not yet seen bound. */
    public boolean isReserved(String podKey) {
        PodEntry e = pods.get(podKey);
        return e != null && e.state == State.RESERVED;
    }

    public int podCount() {
        return pods.size();
    }

    public int nodeCount() {
        return nodes.size();
    }

    public int groupCount() {
        return groups.size();
    }

    public int reservationCount() {
        return reserved.size();
    }

    // ---- internals

    private PodEntry next(PodEntry old, PodFacts facts, long now) {
        if (facts.group() == null || !facts.active()) {
            return null;
        }
        List<String> picks = old == null ? List.of() : old.picks;
        if (facts.nodeName() != null) {
            return new PodEntry(facts.group(), facts.nodeName(), State.BOUND, 0, picks);
        }
        if (old != null && old.state == State.RESERVED && old.group.equals(facts.group())
                && old.reservedUntil - now > 0) {
            return old;
        }
        return new PodEntry(facts.group(), null, State.WAITING, 0, picks);
    }

    /**
     * Moves a pod's contribution to the aggregates from {@code old} to {@code next}; runs inside the pod's
     * compute. A pod that stays in its group changes there in one step, so readers never miss it.
     */
    private void account(String key, PodEntry old, PodEntry next) {
        if (Objects.equals(old, next)) {
            return;
        }
        GroupKey oldGroup = old == null ? null : old.group;
        GroupKey nextGroup = next == null ? null : next.group;
        if (oldGroup != null && !oldGroup.equals(nextGroup)) {
            groups.computeIfPresent(oldGroup, (g, m) -> {
                GroupMembers without = m.without(key);
                return without.isEmpty() ? null : without;
            });
        }
        if (nextGroup != null) {
            groups.compute(nextGroup, (g, m) -> {
                GroupMembers members = m == null ? GroupMembers.EMPTY : m;
                return next.node == null ? members.withWaiting(key) : members.withPlaced(key, next.node);
            });
        }
        String oldNode = old == null ? null : old.node;
        String nextNode = next == null ? null : next.node;
        if (!Objects.equals(oldNode, nextNode)) {
            if (oldNode != null) {
                loadByNode.computeIfPresent(oldNode, (n, c) -> c <= 1 ? null : c - 1);
            }
            if (nextNode != null) {
                loadByNode.merge(nextNode, 1, Integer::sum);
            }
        }
        if (next != null && next.state == State.RESERVED) {
            reserved.add(key);
        } else {
            reserved.remove(key);
        }
    }

    private enum State { WAITING, BOUND, RESERVED }

    private record PodEntry(GroupKey group, String node, State state, long reservedUntil, List<String> picks) {
    }
}
