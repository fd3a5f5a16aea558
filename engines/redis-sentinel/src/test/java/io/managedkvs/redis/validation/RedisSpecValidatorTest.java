package io.managedkvs.redis.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedkvs.api.engine.SpecViolation;
import io.managedkvs.api.resource.BackupSpec;
import io.managedkvs.api.resource.BackupTarget;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.resource.RestoreSpec;
import io.managedkvs.api.resource.ManagedKVSSpec;
import io.managedkvs.api.resource.ManagedKVSStatus;
import io.managedkvs.api.resource.RedisSpec;
import io.managedkvs.api.resource.SentinelSpec;
import io.managedkvs.api.resource.TlsSpec;
import io.managedkvs.redis.config.DirectiveCatalogue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedisSpecValidatorTest {

    private final RedisSpecValidator validator = new RedisSpecValidator(DirectiveCatalogue.standard());

    @Test
    void aPlainSpecIsValid() {
        assertThat(validator.validate(resource(ManagedKVSSpec.of("redis-sentinel", "7.2")))).isEmpty();
        assertThat(validator.validate(resource(ManagedKVSSpec.of("redis-sentinel", "7.4.1")))).isEmpty();
        assertThat(validator.validate(resource(ManagedKVSSpec.of("redis-sentinel", "6.2")))).isEmpty();
    }

    @Test
    void unknownOwnedAndInvalidDirectivesAreEachNamed() {
        List<SpecViolation> v = validator.validate(resource(ManagedKVSSpec.of("redis-sentinel", "7.2").withRedis(
                new RedisSpec(Map.of("port", "7000", "frobnicate", "yes", "maxmemory-policy", "lru-ish", "maxmemory", "1gb"),
                        null, null, null, null))));

        assertThat(v).extracting(SpecViolation::field).containsExactly(
                "spec.redis.config.frobnicate", "spec.redis.config.maxmemory-policy", "spec.redis.config.port");
        assertThat(v.get(0).message()).contains("unknown directive 'frobnicate'");
        assertThat(v.get(1).message()).contains("allkeys-lru", "lru-ish");
        assertThat(v.get(2).message()).contains("'port' is managed by the platform");
    }

    @Test
    void ownedDirectivesPointToTheFieldToUseInstead() {
        List<SpecViolation> v = validator.validate(resource(ManagedKVSSpec.of("redis-sentinel", "7.2").withRedis(
                new RedisSpec(Map.of("min-replicas-to-write", "2", "requirepass", "x"), null, null, null, null))));

        assertThat(v).anySatisfy(x -> assertThat(x.toString()).contains("spec.redis.config.min-replicas-to-write", "spec.redis.minReplicasToWrite"));
        assertThat(v).anySatisfy(x -> assertThat(x.toString()).contains("spec.redis.config.requirepass", "spec.auth"));
        assertThat(v).allSatisfy(x -> assertThat(x.message()).doesNotContain("\"x\""));
    }

    @Test
    void unsupportedVersionsAreRefusedListingTheSupportedOnes() {
        List<SpecViolation> v = validator.validate(resource(ManagedKVSSpec.of("redis-sentinel", "5.0")));

        assertThat(v).singleElement().satisfies(x -> {
            assertThat(x.field()).isEqualTo("spec.version");
            assertThat(x.message()).contains("5.0", "6.2, 7.0, 7.2, 7.4");
        });
    }

    @Test
    void aDowngradeBelowTheDataVersionIsRefusedSayingWhy() {
        ManagedKVS r = resource(ManagedKVSSpec.of("redis-sentinel", "7.2"));
        r.setStatus(new ManagedKVSStatus(null, null, List.of(), "redis-sentinel", "7.4", "7.4", null, null, null, null, null, null, null));

        List<SpecViolation> v = validator.validate(r);

        assertThat(v).singleElement().satisfies(x -> {
            assertThat(x.field()).isEqualTo("spec.version");
            assertThat(x.message()).contains("cannot downgrade to 7.2", "Redis 7.4", "RDB format 12", "up to 11");
        });
    }

    @Test
    void upgradesAndPatchDowngradesWithinALineAreAllowed() {
        ManagedKVS up = resource(ManagedKVSSpec.of("redis-sentinel", "7.4"));
        up.setStatus(new ManagedKVSStatus(null, null, List.of(), "redis-sentinel", "7.2", "7.2", null, null, null, null, null, null, null));
        ManagedKVS patch = resource(ManagedKVSSpec.of("redis-sentinel", "7.2.3"));
        patch.setStatus(new ManagedKVSStatus(null, null, List.of(), "redis-sentinel", "7.2.5", "7.2.5", null, null, null, null, null, null, null));

        assertThat(validator.validate(up)).isEmpty();
        assertThat(validator.validate(patch)).isEmpty();
    }

    @Test
    void fencingCannotExceedTheReplicas() {
        List<SpecViolation> v = validator.validate(resource(ManagedKVSSpec.of("redis-sentinel", "7.2").withReplicas(2)
                .withRedis(new RedisSpec(null, null, 2, null, null))));

        assertThat(v).singleElement().satisfies(x -> {
            assertThat(x.field()).isEqualTo("spec.redis.minReplicasToWrite");
            assertThat(x.message()).contains("at most spec.replicas - 1 (1)");
        });
    }

    @Test
    void quorumCannotExceedTheSentinels() {
        List<SpecViolation> v = validator.validate(resource(ManagedKVSSpec.of("redis-sentinel", "7.2")
                .withTls(new TlsSpec(true, "tls"))
                .withRedis(new RedisSpec(null, null, null, null, new SentinelSpec(3, 4, null, null, null, null)))));

        assertThat(v).extracting(SpecViolation::field).containsExactly("spec.redis.sentinel.quorum");
    }

    @Test
    void backupAndRestoreAreAccepted() {
        BackupTarget pvc = new BackupTarget("backups", null);
        List<SpecViolation> v = validator.validate(resource(ManagedKVSSpec.of("redis-sentinel", "7.2")
                .withBackup(new BackupSpec("@daily", null, pvc))
                .withRestore(new RestoreSpec("cache-20260101", pvc))));

        assertThat(v).isEmpty();
    }

    private static ManagedKVS resource(ManagedKVSSpec spec) {
        return new ManagedKVS("ns", "cache", spec);
    }
}
