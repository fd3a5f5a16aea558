package io.managedkvs.redis.model;

import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;

/**
 * Probes that never cause a failover by themselves: liveness only asks whether the process answers,
 * with a generous threshold (a minute of silence), and never looks at roles or replication;
 * readiness takes a replica out of the read-only Service while it is not connected to its primary,
 * and a Sentinel out of the Sentinel Service until it monitors the instance.
 * The scripts read the password from REDISCLI_AUTH, so it is never on a command line.
 */
final class Probes {

    private Probes() {
    }

    static Probe liveness(int port) {
        return new ProbeBuilder()
                .withNewExec().withCommand("sh", ModelVolumes.CONFIG_MOUNT + "/" + Scripts.ALIVE, Integer.toString(port)).endExec()
                .withInitialDelaySeconds(10)
                .withPeriodSeconds(10)
                .withTimeoutSeconds(6)
                .withFailureThreshold(6)
                .build();
    }

    static Probe redisReadiness() {
        return new ProbeBuilder()
                .withNewExec().withCommand("sh", ModelVolumes.CONFIG_MOUNT + "/" + Scripts.REDIS_READY).endExec()
                .withPeriodSeconds(5)
                .withTimeoutSeconds(4)
                .withFailureThreshold(2)
                .build();
    }

    /** Ready once it monitors the instance: see sentinel-ready.sh for why that cannot block the first start. */
    static Probe sentinelReadiness() {
        return new ProbeBuilder()
                .withNewExec().withCommand("sh", ModelVolumes.CONFIG_MOUNT + "/" + Scripts.SENTINEL_READY).endExec()
                .withPeriodSeconds(5)
                .withTimeoutSeconds(6)
                .withFailureThreshold(2)
                .build();
    }
}
