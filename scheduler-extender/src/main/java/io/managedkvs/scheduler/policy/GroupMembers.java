package io.managedkvs.scheduler.policy;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The members of one group the cache knows, as an immutable value: those placed on a node (bound, or
 * reserved by this extender and about to be bound) and those still waiting for one.
 * Groups are small (a few members), so copying on change is cheap and readers never lock.
 *
 * @param placed  pod key to node name
 * @param waiting pod keys of members not yet placed
 */
public record GroupMembers(Map<String, String> placed, Set<String> waiting) {

    public static final GroupMembers EMPTY = new GroupMembers(Map.of(), Set.of());

    public GroupMembers {
        placed = Map.copyOf(placed);
        waiting = Set.copyOf(waiting);
    }

    public GroupMembers withPlaced(String podKey, String node) {
        Map<String, String> p = new HashMap<>(placed);
        p.put(podKey, node);
        Set<String> w = new HashSet<>(waiting);
        w.remove(podKey);
        return new GroupMembers(p, w);
    }

    public GroupMembers withWaiting(String podKey) {
        Map<String, String> p = new HashMap<>(placed);
        p.remove(podKey);
        Set<String> w = new HashSet<>(waiting);
        w.add(podKey);
        return new GroupMembers(p, w);
    }

    public GroupMembers without(String podKey) {
        if (!placed.containsKey(podKey) && !waiting.contains(podKey)) {
            return this;
        }
        Map<String, String> p = new HashMap<>(placed);
        p.remove(podKey);
        Set<String> w = new HashSet<>(waiting);
        w.remove(podKey);
        return new GroupMembers(p, w);
    }

    public boolean isEmpty() {
        return placed.isEmpty() && waiting.isEmpty();
    }

    /** How many members other than {@code podKey} wait for a node. */
    public int waitingExcept(String podKey) {
        return waiting.size() - (waiting.contains(podKey) ? 1 : 0);
    }
}
