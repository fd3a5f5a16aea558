package io.managedkvs.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedkvs.api.engine.SpecViolation;
import io.managedkvs.api.resource.BackupSpec;
import io.managedkvs.api.resource.BackupTarget;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.resource.ManagedKVSSpec;
import io.managedkvs.api.resource.ManagedKVSStatus;
import io.managedkvs.api.resource.RestoreSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** spec.backup and spec.restore as every engine checks them: each problem names its field. */
class BackupSpecValidationTest {

    private static final BackupTarget CLAIM = new BackupTarget("backups", null);
    private static final BackupTarget BUCKET = new BackupTarget(null,
            new BackupTarget.S3Target("https://s3.example.com", "kvs", null, null, "s3-credentials"));

    private final CommonSpecValidator validator = new CommonSpecValidator();

    private List<SpecViolation> validate(ManagedKVSSpec spec, ManagedKVSStatus status) {
        ManagedKVS kvs = new ManagedKVS("apps", "cache", spec);
        kvs.setStatus(status);
        return validator.validate(kvs);
    }

    private static ManagedKVSSpec withBackup(String schedule, Integer retain, BackupTarget target) {
        return ManagedKVSSpec.of("redis-sentinel", "7.2").withBackup(new BackupSpec(schedule, retain, target));
    }

    @Test
    void aValidScheduleAndTargetPass() {
        assertThat(validate(withBackup("0 3 * * *", 3, CLAIM), null)).isEmpty();
        assertThat(validate(withBackup("@daily", null, BUCKET), null)).isEmpty();
        assertThat(validate(withBackup("*/15 * * * 1-5", null, BUCKET), null)).isEmpty();
    }

    @Test
    void aBadCronExpressionIsNamedWithWhatIsWrong() {
        assertThat(validate(withBackup("0 25 * * *", null, CLAIM), null)).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("spec.backup.schedule");
            assertThat(v.message()).contains("not a valid cron expression").contains("0 25 * * *");
        });
        assertThat(validate(withBackup("0 3 * *", null, CLAIM), null)).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("spec.backup.schedule");
            assertThat(v.message()).contains("five fields");
        });
        assertThat(validate(withBackup("@fortnightly", null, CLAIM), null)).singleElement().satisfies(v ->
                assertThat(v.message()).contains("unknown macro").contains("@daily"));
    }

    @Test
    void aBucketNeedsAnEndpointURLAndCredentials() {
        BackupTarget noCredentials = new BackupTarget(null, new BackupTarget.S3Target("s3.example.com", "kvs", null, null, null));
        assertThat(validate(withBackup("@daily", null, noCredentials), null)).extracting(SpecViolation::field)
                .containsExactlyInAnyOrder("spec.backup.target.s3.endpoint", "spec.backup.target.s3.credentialsSecret");
        assertThat(validate(withBackup("@daily", null, new BackupTarget("claim", BUCKET.s3())), null))
                .extracting(SpecViolation::field).containsExactly("spec.backup.target");
    }

    @Test
    void aRestoreIsAcceptedForANewInstanceAndKeptOnceRestored() {
        ManagedKVSSpec spec = ManagedKVSSpec.of("redis-sentinel", "7.2").withRestore(new RestoreSpec("cache-20261205-0300", CLAIM));
        assertThat(validate(spec, null)).isEmpty();
        ManagedKVSStatus restored = new ManagedKVSStatus(1L, null, List.of(), "redis-sentinel", null, null, null, null, null, null,
                null, null, null, null, "cache-20261205-0300");
        assertThat(validate(spec, restored)).as("the instance created from it").isEmpty();
    }

    @Test
    void restoringIntoARunningInstanceIsRefusedWithTheReason() {
        ManagedKVSStatus running = new ManagedKVSStatus(3L, null, List.of(), "redis-sentinel", "7.2", null, null, null, null, null,
                null, null, null);
        ManagedKVSSpec spec = ManagedKVSSpec.of("redis-sentinel", "7.2").withRestore(new RestoreSpec("cache-20261205-0300", CLAIM));
        assertThat(validate(spec, running)).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("spec.restore");
            assertThat(v.message()).contains("already running").contains("create a new ManagedKVS");
        });
    }

    @Test
    void aRestoreNeedsABackupNameAndASource() {
        ManagedKVSSpec spec = ManagedKVSSpec.of("redis-sentinel", "7.2").withRestore(new RestoreSpec("../x", null));
        assertThat(validate(spec, null)).extracting(SpecViolation::field)
                .containsExactlyInAnyOrder("spec.restore.backupName", "spec.restore.source");
    }
}
