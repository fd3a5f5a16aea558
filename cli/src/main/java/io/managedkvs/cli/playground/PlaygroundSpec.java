package io.managedkvs.cli.playground;

import io.managedkvs.backup.BackupStore;
import java.util.Optional;

/**
 * Everything a playground is started from, validated.
 *
 * @param name    the instance name, which is also the master name Sentinel monitors
 * @param shape   members, Sentinels, settings
 * @param ports   where it listens
 * @param restore a backup every member loads before it starts, as spec.restore does in a cluster
 * @param tls     serve TLS only, with certificates made for this run, as spec.tls does in a cluster
 */
public record PlaygroundSpec(String name, ClusterShape shape, PortLayout ports, Optional<RestoreFrom> restore, boolean tls) {

    public PlaygroundSpec(String name, ClusterShape shape, PortLayout ports) {
        this(name, shape, ports, Optional.empty(), false);
    }

    public PlaygroundSpec withTls(boolean value) {
        return new PlaygroundSpec(name, shape, ports, restore, value);
    }

    /** A backup to start from, and the store that holds it. */
    public record RestoreFrom(BackupStore store, String backup) {
    }
}
