package io.managedkvs.operator.backup;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import io.managedkvs.api.backup.BackupReport;
import io.managedkvs.api.backup.BackupRequest;
import io.managedkvs.api.engine.BackupCapable;
import io.managedkvs.api.engine.KvsEngine;
import io.managedkvs.api.engine.PlatformSettings;
import io.managedkvs.api.engine.SpecViolation;
import io.managedkvs.api.resource.BackupTarget;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.resource.ManagedKVSBackup;
import io.managedkvs.api.resource.ManagedKVSBackupStatus;
import io.managedkvs.api.resource.ManagedKVSBackupStatus.BackupPhase;
import io.managedkvs.api.resource.Phase;
import io.managedkvs.api.validation.CommonSpecValidator;
import io.managedkvs.operator.engine.EngineRegistry;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Takes the backup a ManagedKVSBackup asks for, as a Job whose pod comes from the instance's engine
 * ({@link BackupCapable}), and records its outcome in the status; deleting the object first deletes
 * the stored data (a second Job), held by a finalizer. A backup runs once: a failed one stays failed
 * and a new object is a new attempt.
 */
@ControllerConfiguration(name = BackupReconciler.NAME)
public class BackupReconciler implements Reconciler<ManagedKVSBackup>, Cleaner<ManagedKVSBackup> {

    public static final String NAME = "managedkvsbackup";
    /** How soon a backup that waits (for its instance, or for its data to be deleted) is looked at again. */
    static final Duration WAIT = Duration.ofSeconds(15);
    private static final Logger LOG = Logger.getLogger(BackupReconciler.class);

    private final EngineRegistry engines;
    private final PlatformSettings platform;
    private final Clock clock;
    private final Duration wait;

    @Inject
    public BackupReconciler(EngineRegistry engines, PlatformSettings platform) {
        this(engines, platform, Clock.systemUTC(), WAIT);
    }

    public BackupReconciler(EngineRegistry engines, PlatformSettings platform, Clock clock, Duration wait) {
        this.engines = engines;
        this.platform = platform;
        this.clock = clock;
        this.wait = wait;
    }

    @Override
    public List<EventSource<?, ManagedKVSBackup>> prepareEventSources(EventSourceContext<ManagedKVSBackup> context) {
        return List.of(new InformerEventSource<>(InformerEventSourceConfiguration.from(Job.class, ManagedKVSBackup.class)
                .withName("backup-jobs")
                .withLabelSelector(BackupJobs.BACKUP_LABEL)
                .withNamespacesInheritedFromController()
                .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(ManagedKVSBackup.class))
                .build(), context));
    }

    @Override
    public UpdateControl<ManagedKVSBackup> reconcile(ManagedKVSBackup backup, Context<ManagedKVSBackup> context) {
        ManagedKVSBackupStatus status = backup.getStatus();
        if (status != null && status.finished()) {
            return UpdateControl.noUpdate();
        }
        KubernetesClient client = context.getClient();
        Job job = client.batch().v1().jobs().inNamespace(namespace(backup)).withName(BackupJobs.takeJobName(backup)).get();
        if (job != null) {
            return JobResult.finished(job) ? record(backup, finishedStatus(backup, job, client), context) : UpdateControl.noUpdate();
        }
        Start start = start(backup, client);
        if (start.status().phase() != BackupPhase.Running) {
            ManagedKVSBackupStatus next = start.status();
            UpdateControl<ManagedKVSBackup> update = next.equals(status) ? UpdateControl.noUpdate() : record(backup, next, context);
            return next.phase() == BackupPhase.Pending ? update.rescheduleAfter(wait) : update;
        }
        try {
            client.resource(start.job()).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
        LOG.infof("ManagedKVSBackup(%s/%s): started %s", namespace(backup), backup.getMetadata().getName(), start.job().getMetadata().getName());
        return record(backup, start.status(), context);
    }

    /** What to do about a backup whose Job does not exist yet. */
    private record Start(ManagedKVSBackupStatus status, Job job) {
    }

    private Start start(ManagedKVSBackup backup, KubernetesClient client) {
        String instanceName = backup.getSpec() == null ? null : backup.getSpec().instance();
        if (instanceName == null || instanceName.isBlank()) {
            return failed("spec.instance is required");
        }
        ManagedKVS instance = client.resources(ManagedKVS.class).inNamespace(namespace(backup)).withName(instanceName).get();
        if (instance == null || instance.getSpec() == null) {
            return failed("spec.instance: there is no ManagedKVS named " + instanceName + " in namespace " + namespace(backup));
        }
        Optional<KvsEngine<?>> engine = engines.find(instance.getSpec().engine());
        if (engine.isEmpty() || !(engine.get() instanceof BackupCapable capable)) {
            return failed("spec.instance: " + instanceName + " runs the " + instance.getSpec().engine()
                    + " engine, which cannot take backups in this version");
        }
        BackupTarget target = backup.getSpec().target() != null ? backup.getSpec().target()
                : instance.getSpec().backup() == null ? null : instance.getSpec().backup().target();
        if (target == null) {
            return failed("spec.target is required: " + instanceName + " has no spec.backup.target to default to");
        }
        List<SpecViolation> problems = new ArrayList<>();
        CommonSpecValidator.checkTarget(backup.getSpec().target() != null ? "spec.target" : "the instance's spec.backup.target", target, problems);
        if (!problems.isEmpty()) {
            return failed(String.join("; ", problems.stream().map(SpecViolation::toString).toList()));
        }
        if (instance.getStatus() == null || instance.getStatus().phase() != Phase.Ready) {
            return new Start(new ManagedKVSBackupStatus(BackupPhase.Pending, instance.getSpec().engine(), null, null, null, null,
                    null, null, null, "waiting for " + instanceName + " to be Ready (it is "
                    + (instance.getStatus() == null || instance.getStatus().phase() == null ? "new" : instance.getStatus().phase()) + ")",
                    target), null);
        }
        Job job = BackupJobs.take(backup, instance, capable.backupPod(instance, new BackupRequest(backup.getMetadata().getName(), target)));
        return new Start(new ManagedKVSBackupStatus(BackupPhase.Running, instance.getSpec().engine(), now(), null, null, null,
                null, null, null, null, target), job);
    }

    private static Start failed(String message) {
        return new Start(ManagedKVSBackupStatus.of(BackupPhase.Failed, message), null);
    }

    private ManagedKVSBackupStatus finishedStatus(ManagedKVSBackup backup, Job job, KubernetesClient client) {
        List<Pod> pods = client.pods().inNamespace(namespace(backup)).withLabel("job-name", job.getMetadata().getName()).list().getItems();
        BackupReport report = JobResult.report(job, pods);
        ManagedKVSBackupStatus s = backup.getStatus() == null ? ManagedKVSBackupStatus.of(BackupPhase.Running, null) : backup.getStatus();
        if (!report.succeeded()) {
            LOG.warnf("ManagedKVSBackup(%s/%s): failed: %s", namespace(backup), backup.getMetadata().getName(), report.message());
            return new ManagedKVSBackupStatus(BackupPhase.Failed, s.engine(), s.startTime(), now(), null, null, null, null, null,
                    report.message(), s.target());
        }
        return new ManagedKVSBackupStatus(BackupPhase.Succeeded, s.engine(), s.startTime(), now(), report.sizeBytes(),
                humanSize(report.sizeBytes()), report.location(), "sha256:" + report.sha256(), report.source(), null, s.target());
    }

    /** A JSON patch of the status, through the informer, as the instance reconciler writes its status. */
    private static UpdateControl<ManagedKVSBackup> record(ManagedKVSBackup backup, ManagedKVSBackupStatus status,
                                                          Context<ManagedKVSBackup> context) {
        context.resourceOperations().jsonPatchPrimaryStatus(backup, current -> {
            current.setStatus(status);
            current.getMetadata().setResourceVersion(null);
            return current;
        });
        return UpdateControl.noUpdate();
    }

    @Override
    public DeleteControl cleanup(ManagedKVSBackup backup, Context<ManagedKVSBackup> context) {
        ManagedKVSBackupStatus status = backup.getStatus();
        if (status == null || status.target() == null || status.phase() == BackupPhase.Pending
                || (status.phase() == BackupPhase.Failed && status.startTime() == null)) {
            return DeleteControl.defaultDelete(); // nothing was ever written
        }
        KubernetesClient client = context.getClient();
        String name = BackupJobs.deleteJobName(backup);
        Job job = client.batch().v1().jobs().inNamespace(namespace(backup)).withName(name).get();
        if (job == null) {
            client.resource(BackupJobs.delete(backup, status.target(), platform)).create();
            LOG.infof("ManagedKVSBackup(%s/%s): deleting its data at %s", namespace(backup), backup.getMetadata().getName(), status.location());
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(wait);
        }
        if (JobResult.succeeded(job)) {
            return DeleteControl.defaultDelete();
        }
        if (JobResult.failed(job)) {
            // Try again with a fresh Job: the store may have been unreachable for a while.
            LOG.warnf("ManagedKVSBackup(%s/%s): deleting its data failed; trying again", namespace(backup), backup.getMetadata().getName());
            client.resource(job).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        }
        return DeleteControl.noFinalizerRemoval().rescheduleAfter(wait);
    }

    private String now() {
        return DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
    }

    private static String namespace(ManagedKVSBackup backup) {
        return backup.getMetadata().getNamespace();
    }

    /** Bytes for humans, in binary units: 512 B, 1.5 KiB, 2.0 GiB. */
    static String humanSize(Long bytes) {
        if (bytes == null) {
            return null;
        }
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
