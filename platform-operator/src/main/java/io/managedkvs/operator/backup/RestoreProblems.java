package io.managedkvs.operator.backup;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.managedkvs.api.backup.BackupReport;
import io.managedkvs.api.engine.BackupCapable;
import io.managedkvs.api.engine.EngineStatus;
import io.managedkvs.api.resource.ManagedKVS;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Why spec.restore has not loaded: the reports of restore init containers that failed (a corrupted
 * backup refused by its checksum, a backup that is not there, a store out of reach). Engine-independent:
 * every engine's restore step is an init container named {@link BackupCapable#RESTORE_INIT_CONTAINER}
 * that writes a {@link BackupReport} as its termination message.
 */
public final class RestoreProblems {

    public static final String REASON = "RestoreFailed";

    private RestoreProblems() {
    }

    public static List<EngineStatus.Finding> of(ManagedKVS instance, List<Pod> pods) {
        if (instance.getSpec() == null || instance.getSpec().restore() == null) {
            return List.of();
        }
        String backup = instance.getSpec().restore().backupName();
        Map<String, List<String>> podsByMessage = new LinkedHashMap<>();
        for (Pod pod : pods) {
            failure(pod).ifPresent(message -> podsByMessage.computeIfAbsent(message, m -> new ArrayList<>()).add(pod.getMetadata().getName()));
        }
        List<EngineStatus.Finding> out = new ArrayList<>();
        podsByMessage.forEach((message, names) -> out.add(EngineStatus.Finding.down(REASON, "backup " + backup
                + " was not restored into " + String.join(", ", names) + ": " + message
                + ". The instance stays without data; delete it and create it again from a sound backup")));
        return out;
    }

    private static Optional<String> failure(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getInitContainerStatuses() == null) {
            return Optional.empty();
        }
        for (ContainerStatus status : pod.getStatus().getInitContainerStatuses()) {
            if (!BackupCapable.RESTORE_INIT_CONTAINER.equals(status.getName())) {
                continue;
            }
            Optional<ContainerStateTerminated> terminated = JobResult.terminated(status);
            if (terminated.isPresent() && terminated.get().getExitCode() != null && terminated.get().getExitCode() != 0) {
                String text = terminated.get().getMessage();
                return Optional.of(BackupReport.fromJson(text).map(BackupReport::message)
                        .orElse(text == null || text.isBlank() ? "the restore step exited with " + terminated.get().getExitCode() : text.strip()));
            }
        }
        return Optional.empty();
    }
}
