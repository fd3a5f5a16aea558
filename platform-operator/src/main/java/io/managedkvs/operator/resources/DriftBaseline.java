package io.managedkvs.operator.resources;

import io.managedkvs.api.engine.ResourceRef;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The differences each object showed right after the operator applied it. The API server normalises
 * some values (quantities, for one) and other managers may keep fields an apply cannot take back;
 * those paths are not drift, and re-applying for them would write on every reconcile, so drift checks
 * leave them out for as long as the object keeps the same {@link AppliedHash}.
 *
 * <p>Kept in memory, per instance: after a restart the first drift check may apply once more to learn
 * them again.
 */
public final class DriftBaseline {

    private record Entry(String hash, Set<String> paths) {
    }

    private final Map<ResourceRef, Map<ResourceKey, Entry>> instances = new ConcurrentHashMap<>();

    /** Records what {@code key} of {@code instance} differed in right after it was applied with {@code hash}. */
    public void record(ResourceRef instance, ResourceKey key, String hash, List<String> paths) {
        instances.computeIfAbsent(instance, i -> new ConcurrentHashMap<>()).put(key, new Entry(hash, Set.copyOf(paths)));
    }

    /** The differences that are drift: those the object did not already show right after its apply with {@code hash}. */
    public List<String> drift(ResourceRef instance, ResourceKey key, String hash, List<String> differences) {
        Entry entry = instances.getOrDefault(instance, Map.of()).get(key);
        if (entry == null || !entry.hash().equals(hash)) {
            return differences;
        }
        return differences.stream().filter(path -> !entry.paths().contains(path)).toList();
    }

    /** Forgets one object, when it is pruned. */
    public void forget(ResourceRef instance, ResourceKey key) {
        Map<ResourceKey, Entry> entries = instances.get(instance);
        if (entries != null) {
            entries.remove(key);
        }
    }

    /** Forgets every object of an instance, when the instance is deleted. */
    public void forget(ResourceRef instance) {
        instances.remove(instance);
    }
}
