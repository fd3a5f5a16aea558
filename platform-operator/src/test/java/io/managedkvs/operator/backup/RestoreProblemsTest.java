package io.managedkvs.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.managedkvs.api.backup.BackupReport;
import io.managedkvs.api.engine.BackupCapable;
import io.managedkvs.api.resource.BackupTarget;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.resource.ManagedKVSSpec;
import io.managedkvs.api.resource.RestoreSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestoreProblemsTest {

    private static final ManagedKVS RESTORED = new ManagedKVS("apps", "copy", ManagedKVSSpec.of("redis-sentinel", "7.2")
            .withRestore(new RestoreSpec("cache-1", new BackupTarget("backups", null))));

    private static Pod pod(String name, int exitCode, String message) {
        return new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewStatus()
                .withInitContainerStatuses(new ContainerStatusBuilder().withName(BackupCapable.RESTORE_INIT_CONTAINER)
                        .withNewLastState().withNewTerminated().withExitCode(exitCode).withMessage(message).endTerminated().endLastState()
                        .build())
                .endStatus().build();
    }

    @Test
    void aBackupRefusedByItsChecksumIsNamedOnceForEveryPodThatRefusedIt() {
        String corrupted = BackupReport.failure("backup cache-1 is corrupted: dump.rdb has SHA-256 aa but was stored with bb;"
                + " it is not restored").toJson();

        assertThat(RestoreProblems.of(RESTORED, List.of(pod("copy-redis-0", 1, corrupted), pod("copy-redis-1", 1, corrupted),
                pod("copy-redis-2", 0, BackupReport.success(1, "cc", "x", "y").toJson()))))
                .singleElement().satisfies(f -> {
                    assertThat(f.reason()).isEqualTo(RestoreProblems.REASON);
                    assertThat(f.serving()).isFalse();
                    assertThat(f.message()).startsWith("backup cache-1 was not restored into copy-redis-0, copy-redis-1: backup cache-1 is corrupted");
                });
    }

    @Test
    void nothingIsReportedWithoutARestoreOrWhenItWorked() {
        ManagedKVS plain = new ManagedKVS("apps", "cache", ManagedKVSSpec.of("redis-sentinel", "7.2"));
        assertThat(RestoreProblems.of(plain, List.of(pod("cache-redis-0", 1, "x")))).isEmpty();
        assertThat(RestoreProblems.of(RESTORED, List.of(pod("copy-redis-0", 0, "{}")))).isEmpty();
    }
}
