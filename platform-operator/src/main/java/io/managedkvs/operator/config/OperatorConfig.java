package io.managedkvs.operator.config;

import io.managedkvs.api.engine.PlatformSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The operator's own settings (the {@code managedkvs.*} keys; docs/operations.md lists them). */
@ConfigMapping(prefix = "managedkvs")
public interface OperatorConfig {

    Scheduler scheduler();

    /** A registry prefix for engine images, for clusters that pull through a mirror. */
    Optional<String> imageRegistry();

    Reconcile reconcile();

    Backup backup();

    LeaderElection leaderElection();

    interface Scheduler {
        /** The schedulerName of the Managed KVS scheduler. */
        @WithDefault("managed-kvs-scheduler")
        String name();

        /** Whether instances use it when their spec does not say. */
        @WithDefault("false")
        boolean enabledByDefault();
    }

    interface Reconcile {
        /** How soon an instance that is not ready, or still changing, is reconciled again. */
        @WithDefault("5s")
        Duration progressingInterval();

        /** How often a ready, settled instance is reconciled to catch what no event reports. */
        @WithDefault("60s")
        Duration resyncInterval();
    }

    interface Backup {
        /**
         * The image backup Jobs and restore init containers run: the operator's own, which holds every
         * engine's backup tool. The chart sets it to the operator image.
         */
        @WithDefault(PlatformSettings.DEFAULT_TOOLS_IMAGE)
        String image();
    }

    interface LeaderElection {
        /** The Lease operator replicas compete for (only in the prod profile). */
        @WithDefault("managed-kvs-operator")
        String leaseName();

        /** Its namespace; the operator's own namespace when unset. */
        Optional<String> leaseNamespace();
    }
}
