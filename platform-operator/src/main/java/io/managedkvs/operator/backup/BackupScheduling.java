package io.managedkvs.operator.backup;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.managedkvs.api.resource.Labels;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.resource.ManagedKVSBackup;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Carries out {@link ScheduledBackups}' plan for one instance: creates the due backup and deletes
 * those beyond retention (their finalizer deletes the data). Backups of an instance are found by its
 * instance label. They are not owned by the instance: backups outlive it.
 */
public final class BackupScheduling {

    private static final Logger LOG = Logger.getLogger(BackupScheduling.class);

    private final KubernetesClient client;
    private final Clock clock;

    public BackupScheduling(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /** Runs the schedule once; returns how long until it next fires, if it does. */
    public Optional<Duration> run(ManagedKVS instance) {
        if (instance.getSpec().backup() == null) {
            return Optional.empty();
        }
        List<ManagedKVSBackup> existing = client.resources(ManagedKVSBackup.class).inNamespace(instance.getMetadata().getNamespace())
                .withLabel(Labels.INSTANCE, instance.getMetadata().getName()).list().getItems();
        ScheduledBackups.Plan plan = ScheduledBackups.plan(instance, existing, clock.instant());
        plan.create().ifPresent(backup -> {
            try {
                client.resource(backup).create();
                LOG.infof("scheduled backup %s created", backup.getMetadata().getName());
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) { // another replica, or an earlier reconcile, created it first
                    throw e;
                }
            }
        });
        for (ManagedKVSBackup old : plan.delete()) {
            client.resource(old).delete();
            LOG.infof("backup %s deleted: beyond spec.backup.retain (%d)", old.getMetadata().getName(),
                    instance.getSpec().backup().effectiveRetain());
        }
        return plan.untilNext();
    }
}
