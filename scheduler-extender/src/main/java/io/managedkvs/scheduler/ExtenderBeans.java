package io.managedkvs.scheduler;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.managedkvs.scheduler.cache.ClusterInformers;
import io.managedkvs.scheduler.cache.PlacementCache;
import io.managedkvs.scheduler.http.ExtenderVerbs;
import io.managedkvs.scheduler.metrics.ExtenderMetrics;
import io.managedkvs.scheduler.policy.PlacementPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Wires the extender's plain classes together; they take their collaborators in their constructors. */
@ApplicationScoped
public class ExtenderBeans {

    @Produces
    @Singleton
    PlacementCache placementCache(ExtenderConfig config) {
        return new PlacementCache(config.zoneLabel(), config.reservationTtl());
    }

    @Produces
    @Singleton
    PlacementPolicy placementPolicy(ExtenderConfig config) {
        return new PlacementPolicy(config.zoneMajority());
    }

    @Produces
    @Singleton
    ClusterInformers clusterInformers(KubernetesClient client, PlacementCache cache) {
        return new ClusterInformers(client, cache);
    }

    void closeInformers(@Disposes ClusterInformers informers) {
        informers.close();
    }

    @Produces
    @Singleton
    ExtenderMetrics extenderMetrics(MeterRegistry registry, PlacementCache cache) {
        return new ExtenderMetrics(registry, cache);
    }

    @Produces
    @Singleton
    ExtenderVerbs extenderVerbs(PlacementPolicy policy, PlacementCache cache, ClusterInformers informers,
                                ExtenderMetrics metrics) {
        return new ExtenderVerbs(policy, cache, informers::synced, metrics);
    }

    void startInformers(@Observes StartupEvent event, ClusterInformers informers) {
        informers.start();
    }
}
