package io.managedkvs.operator.backup;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.managedkvs.api.backup.BackupReport;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What a finished Job of a backup reported: the {@link BackupReport} its pod wrote as termination
 * message, or, when there is none (the pod never ran, or was killed), what the Job's conditions say.
 */
public final class JobResult {

    private JobResult() {
    }

    /** Whether the Job has finished, one way or the other. */
    public static boolean finished(Job job) {
        return succeeded(job) || failed(job);
    }

    public static boolean succeeded(Job job) {
        return job.getStatus() != null && job.getStatus().getSucceeded() != null && job.getStatus().getSucceeded() > 0;
    }

    public static boolean failed(Job job) {
        return job.getStatus() != null && ((job.getStatus().getFailed() != null && job.getStatus().getFailed() > 0)
                || conditions(job).anyMatch(c -> "Failed".equals(c.getType()) && "True".equals(c.getStatus())));
    }

    /** The report of a finished Job, from its pods' termination messages. */
    public static BackupReport report(Job job, List<Pod> pods) {
        Optional<BackupReport> written = pods.stream()
                .flatMap(p -> p.getStatus() == null || p.getStatus().getContainerStatuses() == null ? Stream.empty()
                        : p.getStatus().getContainerStatuses().stream())
                .map(JobResult::terminated)
                .flatMap(Optional::stream)
                .map(t -> BackupReport.fromJson(t.getMessage()))
                .flatMap(Optional::stream)
                .findFirst();
        if (written.isPresent()) {
            return written.get();
        }
        if (succeeded(job)) {
            return BackupReport.failure("the Job " + job.getMetadata().getName() + " succeeded but its pod left no report");
        }
        String why = conditions(job).filter(c -> "Failed".equals(c.getType()))
                .map(c -> c.getReason() + ": " + c.getMessage()).findFirst().orElse("its pod failed without a report");
        return BackupReport.failure("the Job " + job.getMetadata().getName() + " failed (" + why + ")");
    }

    /** The terminated state of a container, now or in its last run. */
    public static Optional<ContainerStateTerminated> terminated(ContainerStatus status) {
        if (status.getState() != null && status.getState().getTerminated() != null) {
            return Optional.of(status.getState().getTerminated());
        }
        if (status.getLastState() != null && status.getLastState().getTerminated() != null) {
            return Optional.of(status.getLastState().getTerminated());
        }
        return Optional.empty();
    }

    private static Stream<JobCondition> conditions(Job job) {
        return job.getStatus() == null || job.getStatus().getConditions() == null ? Stream.empty() : job.getStatus().getConditions().stream();
    }
}
