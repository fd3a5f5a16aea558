package io.managedkvs.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedkvs.api.engine.PlatformSettings;
import io.managedkvs.api.engine.SpecViolation;
import io.managedkvs.api.resource.BackupSpec;
import io.managedkvs.api.resource.BackupTarget;
import io.managedkvs.api.resource.ManagedKVSSpec;
import io.managedkvs.api.resource.RestoreSpec;
import io.managedkvs.operator.fixture.FixtureEngine;
import io.managedkvs.raftkv.engine.RaftKvEngine;
import java.util.List;
import org.junit.jupiter.api.Test;

/** raft-kv takes backups and restores them in a cluster; an engine without backups is refused both by field. */
class BackupCapabilitiesTest {

    private static final BackupTarget CLAIM = new BackupTarget("backups", null);

    @Test
    void raftKvAcceptsSpecBackupAndSpecRestore() {
        try (RaftKvEngine engine = new RaftKvEngine(PlatformSettings.defaults())) {
            ManagedKVSSpec spec = ManagedKVSSpec.of("raft-kv", "0.1");

            assertThat(SpecCheck.capabilities(engine, spec.withBackup(new BackupSpec("@daily", 3, CLAIM)))).isEmpty();
            assertThat(SpecCheck.capabilities(engine, spec.withRestore(new RestoreSpec("kv-1", CLAIM)))).isEmpty();
        }
    }

    @Test
    void anEngineWithoutBackupsIsRefusedSpecRestoreByField() {
        List<SpecViolation> refused = SpecCheck.capabilities(new FixtureEngine(),
                ManagedKVSSpec.of(FixtureEngine.NAME, "1.0").withRestore(new RestoreSpec("kv-1", CLAIM)));

        assertThat(refused).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("spec.restore");
            assertThat(v.message()).contains("cannot restore backups");
        });
    }
}
