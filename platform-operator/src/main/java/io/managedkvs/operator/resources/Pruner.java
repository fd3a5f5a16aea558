package io.managedkvs.operator.resources;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.managedkvs.api.resource.ManagedKVS;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Deletes what an instance owns but no longer desires: objects of the applied kinds that carry the
 * instance label and are controlled by this ManagedKVS. The generated credentials Secret is never
 * pruned (the password outlives spec changes), and PersistentVolumeClaims are never touched.
 */
public final class Pruner {

    private final KubernetesClient client;
    private final ClusterCache cache;

    public Pruner(KubernetesClient client, ClusterCache cache) {
        this.client = client;
        this.cache = cache;
    }

    /** Deletes the owned objects whose keys are not in {@code desired}; returns the keys deleted. */
    public List<ResourceKey> prune(ManagedKVS owner, Set<ResourceKey> desired) {
        List<ResourceKey> deleted = new ArrayList<>();
        for (OwnedKind kind : OwnedKinds.applied()) {
            for (HasMetadata live : cache.ofInstance(kind.type(), owner)) {
                ResourceKey key = ResourceKey.of(live);
                if (desired.contains(key) || !DesiredResources.controlledBy(live, owner) || DesiredResources.isGeneratedSecret(live, owner)
                        || live.getMetadata().getDeletionTimestamp() != null) {
                    continue;
                }
                client.resource(live).delete();
                deleted.add(key);
            }
        }
        return deleted;
    }
}
