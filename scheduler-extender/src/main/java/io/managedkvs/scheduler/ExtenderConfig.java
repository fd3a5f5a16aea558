package io.managedkvs.scheduler;

import io.managedkvs.scheduler.policy.ZoneMajority;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the extender, under {@code managedkvs.scheduler}. */
@ConfigMapping(prefix = "managedkvs.scheduler")
public interface ExtenderConfig {

    /**
     * The node label that names a node's zone for member pods that name no zone key of their own (no
     * {@code managedkvs.io/zone-topology-key} annotation). Nodes without the label in use are each a zone
     * of their own.
     */
    @WithDefault("topology.kubernetes.io/zone")
    String zoneLabel();

    /**
     * {@code required}: a quorum member waits rather than put so many members in one zone that losing the zone
     * loses the quorum, when other zones could take it; {@code preferred}: it never waits.
     */
    @WithDefault("required")
    ZoneMajority zoneMajority();

    /**
     * How long a node chosen for a member is held for it while its binding is not seen. A binding, the pod's
     * deletion or its next filter call ends the reservation sooner.
     */
    @WithDefault("10m")
    Duration reservationTtl();
}
