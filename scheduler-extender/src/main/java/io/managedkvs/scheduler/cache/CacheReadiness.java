package io.managedkvs.scheduler.cache;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the pod and node informers have listed the cluster. Until then the extender would judge
 * from an empty cache; unready, its Service has no endpoint and kube-scheduler, with the extender marked
 * ignorable, schedules without it.
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
