package io.managedkvs.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedkvs.api.engine.PlatformSettings;
import io.managedkvs.api.engine.SpecViolation;
import io.managedkvs.api.resource.BackupSpec;
import io.managedkvs.api.resource.BackupTarget;
import io.managedkvs.api.resource.ManagedKVSSpec;
import io.managedkvs.api.resource.RestoreSpec;
import io.managedkvs.raftkv.engine.RaftKvEngine;
import java.util.List;
import org.junit.jupiter.api.Test;

/** raft-kv takes backups in a cluster but does not restore there yet: spec.backup passes, spec.restore is refused by field. */
class BackupCapabilitiesTest {

    private static final BackupTarget CLAIM = new BackupTarget("backups", null);

    @Test
    void raftKvAcceptsSpecBackupAndRefusesSpecRestoreByField() {
        try (RaftKvEngine engine = new RaftKvEngine(PlatformSettings.defaults())) {
            ManagedKVSSpec spec = ManagedKVSSpec.of("raft-kv", "0.1");

            assertThat(SpecCheck.capabilities(engine, spec.withBackup(new BackupSpec("@daily", 3, CLAIM)))).isEmpty();

            List<SpecViolation> refused = SpecCheck.capabilities(engine, spec.withRestore(new RestoreSpec("kv-1", CLAIM)));
            assertThat(refused).singleElement().satisfies(v -> {
                assertThat(v.field()).isEqualTo("spec.restore");
                assertThat(v.message()).contains("cannot restore backups in a cluster").contains("kvsctl backup restore");
            });
        }
    }
}
