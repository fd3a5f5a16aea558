package io.managedkvs.scheduler.cache;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the pod and node informers have listed the cluster. Until then the extender would judge
 * from an empty cache. In the recommended setup (a sidecar of kube-scheduler, called on localhost) no
 * Service stands between them, so readiness does not keep requests away: what protects scheduling is
 * that the verbs let every pod pass while the cache has not synced (see {@code ExtenderVerbs}). Readiness
 * reports the state for probes and operators, and gates traffic only where the extender sits behind a
 * Service.
 */
@Readiness
@ApplicationScoped
public class CacheReadiness implements HealthCheck {

    private final ClusterInformers informers;
    private final PlacementCache cache;

    public CacheReadiness(ClusterInformers informers, PlacementCache cache) {
        this.informers = informers;
        this.cache = cache;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("placement-cache")
                .status(informers.synced())
                .withData("pods", cache.podCount())
                .withData("nodes", cache.nodeCount())
                .withData("reservations", cache.reservationCount())
                .build();
    }
}
