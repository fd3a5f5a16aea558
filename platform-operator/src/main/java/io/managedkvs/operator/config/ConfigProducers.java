package io.managedkvs.operator.config;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.managedkvs.api.engine.PlatformSettings;
import io.managedkvs.operator.reconcile.ReconcileSettings;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Turns configuration into the settings objects the reconciler and the engines are built with. */
public class ConfigProducers {

    @Produces
    @Singleton
    PlatformSettings platformSettings(OperatorConfig config) {
        return new PlatformSettings(config.scheduler().name(), config.scheduler().enabledByDefault(),
                config.imageRegistry().orElse(""), config.backup().image());
    }

    @Produces
    @Singleton
    ReconcileSettings reconcileSettings(OperatorConfig config) {
        return new ReconcileSettings(config.reconcile().progressingInterval(), config.reconcile().resyncInterval());
    }

    /**
     * Leader election between operator replicas. The Operator SDK extension uses it only in the
     * profiles of {@code quarkus.operator-sdk.activate-leader-election-for-profiles} (prod by default).
     */
    @Produces
    @Singleton
    LeaderElectionConfiguration leaderElection(OperatorConfig config) {
        return config.leaderElection().leaseNamespace()
                .map(ns -> new LeaderElectionConfiguration(config.leaderElection().leaseName(), ns))
                .orElseGet(() -> new LeaderElectionConfiguration(config.leaderElection().leaseName()));
    }
}
