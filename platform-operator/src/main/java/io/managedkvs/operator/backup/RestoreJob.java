package io.managedkvs.operator.backup;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.managedkvs.api.backup.BackupReport;
import io.managedkvs.api.engine.BackupCapable;
import io.managedkvs.api.engine.EngineStatus;
import io.managedkvs.api.engine.EngineStatus.Finding;
import io.managedkvs.api.resource.Labels;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.resource.ManagedKVSStatus.RestorePhase;
import io.managedkvs.api.resource.ManagedKVSStatus.RestoreStatus;
import io.managedkvs.operator.events.EventRecorder;
import io.managedkvs.operator.resources.DesiredResources;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * spec.restore for an engine that loads a backup into the running instance ({@link BackupCapable#restoreJobPod}):
 * once the new instance is Ready, one Job runs the engine's restore pod, and its outcome is kept in
 * {@code status.restore}. It runs once: a restore recorded as finished is never started again, a Job
 * that exists is adopted rather than created twice (an operator that stopped between creating it and
 * writing the status), and a Job that disappears before it reported fails the restore rather than
 * starting another over data that may be half loaded. While it runs the instance is not Ready; a failed
 * restore leaves it Failed with the tool's reason (a corrupted backup, one that is not there, an
 * instance that holds data already).
 */
public final class RestoreJob {

    /** Progressing while the Job runs, and why the instance is not Ready meanwhile. */
    public static final String RESTORING = "Restoring";
    /** The Event of a restore that loaded its backup. */
    public static final String RESTORED = "Restored";
    private static final Logger LOG = Logger.getLogger(RestoreJob.class);

    /**
     * What a reconcile adds to the engine's findings, and the restore's status to record (null: none yet).
     *
     * @param problems a failed restore, which stops the instance from serving
     * @param progress a restore waiting or running, which keeps the instance from being Ready
     */
    public record Step(RestoreStatus status, List<Finding> problems, Optional<Finding> progress) {
    }

    private final KubernetesClient client;
    private final EventRecorder events;
    private final Clock clock;

    public RestoreJob(KubernetesClient client, EventRecorder events, Clock clock) {
        this.client = client;
        this.events = events;
        this.clock = clock;
    }

    public static String jobName(ManagedKVS instance) {
        return BackupJobs.name(instance.getMetadata().getName(), "-restore");
    }

    /** The restore Job of {@code instance}, running {@code pod}; controlled by the instance, so it goes when the instance does. */
    public static Job job(ManagedKVS instance, PodSpec pod) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.NAME, instance.getSpec().engine());
        labels.put(Labels.INSTANCE, instance.getMetadata().getName());
        labels.put(Labels.COMPONENT, "restore");
        labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
        return BackupJobs.job(instance.getMetadata().getNamespace(), jobName(instance), labels,
                DesiredResources.ownerReference(instance), pod);
    }

    /**
     * Moves the restore of {@code instance} one step on.
     *
     * @param engine what the engine observed: the Job starts once every member is ready and nothing is under way
     * @param pods   the instance's pods from the cache, among them the Job's (its report is their termination message)
     * @return empty when {@code instance} restores nothing with a Job
     */
    public Optional<Step> advance(ManagedKVS instance, BackupCapable capable, EngineStatus engine, List<Pod> pods) {
        if (instance.getSpec().restore() == null) {
            return Optional.empty();
        }
        RestoreStatus previous = instance.getStatus() == null ? null : instance.getStatus().restore();
        if (previous != null && previous.finished()) {
            return Optional.of(finished(instance, previous));
        }
        Optional<PodSpec> pod = capable.restoreJobPod(instance);
        if (pod.isEmpty()) {
            return Optional.empty();
        }
        String backup = instance.getSpec().restore().backupName();
        String name = jobName(instance);
        Job job = client.batch().v1().jobs().inNamespace(instance.getMetadata().getNamespace()).withName(name).get();
        if (job == null && previous != null) {
            return Optional.of(ended(instance, previous, BackupReport.failure("the Job " + name
                    + " was deleted before it reported; the instance may hold part of the backup")));
        }
        if (job == null) {
            if (!serving(engine)) {
                return Optional.of(new Step(null, List.of(), Optional.of(Finding.degraded(RESTORING, "backup " + backup
                        + " is restored once every member is ready"))));
            }
            create(job(instance, pod.get()));
            LOG.infof("started %s to restore backup %s", name, backup);
            return Optional.of(running(new RestoreStatus(backup, RestorePhase.Running, name, now(), null, null)));
        }
        RestoreStatus running = previous != null ? previous : new RestoreStatus(backup, RestorePhase.Running, name,
                job.getMetadata().getCreationTimestamp(), null, null);
        if (!JobResult.finished(job)) {
            return Optional.of(running(running));
        }
        List<Pod> jobPods = pods.stream().filter(p -> p.getMetadata().getLabels() != null
                && name.equals(p.getMetadata().getLabels().get("job-name"))).toList();
        return Optional.of(ended(instance, running, JobResult.report(job, jobPods)));
    }

    /** Every member ready and rolled out, nothing wrong and nothing under way: a new instance that serves, empty. */
    static boolean serving(EngineStatus engine) {
        return engine.membersDesired() > 0 && engine.membersReady() >= engine.membersDesired() && engine.rolloutDone()
                && engine.problems().isEmpty() && engine.progress().isEmpty();
    }

    private void create(Job job) {
        try {
            client.resource(job).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
    }

    private static Step running(RestoreStatus status) {
        return new Step(status, List.of(), Optional.of(Finding.degraded(RESTORING, "restoring backup " + status.backup()
                + " with the Job " + status.job() + "; the instance is Ready once every key is loaded")));
    }

    private Step ended(ManagedKVS instance, RestoreStatus running, BackupReport report) {
        RestoreStatus done = new RestoreStatus(running.backup(), report.succeeded() ? RestorePhase.Succeeded : RestorePhase.Failed,
                running.job(), running.startTime(), now(), report.succeeded() ? report.source() : report.message());
        if (report.succeeded()) {
            LOG.infof("restored backup %s: %s", done.backup(), done.message());
            events.normal(instance, RESTORED, "restored backup " + done.backup() + ": " + done.message());
        } else {
            LOG.warnf("restoring backup %s failed: %s", done.backup(), done.message());
        }
        return finished(instance, done);
    }

    /** A finished restore: nothing to add when it succeeded; a failed one keeps the instance Failed, saying why. */
    private static Step finished(ManagedKVS instance, RestoreStatus done) {
        if (done.phase() == RestorePhase.Succeeded) {
            return new Step(done, List.of(), Optional.empty());
        }
        return new Step(done, List.of(Finding.down(RestoreProblems.REASON, "backup " + done.backup() + " was not restored into "
                + instance.getMetadata().getName() + ": " + done.message() + ". Do not use this instance: delete it and create"
                + " it again from a sound backup")), Optional.empty());
    }

    private String now() {
        return DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
    }
}
