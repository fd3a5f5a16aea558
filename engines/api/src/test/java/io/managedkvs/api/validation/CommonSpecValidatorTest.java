package io.managedkvs.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import io.managedkvs.api.engine.SpecViolation;
import io.managedkvs.api.resource.ComputeResources;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.resource.ManagedKVSSpec;
import io.managedkvs.api.resource.ManagedKVSStatus;
import io.managedkvs.api.resource.RedisSpec;
import io.managedkvs.api.resource.StorageSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommonSpecValidatorTest {

    private final CommonSpecValidator validator = new CommonSpecValidator();

    private static ManagedKVS kvs(ManagedKVSSpec spec) {
        return new ManagedKVS("apps", "cache", spec);
    }

    private List<String> fields(ManagedKVS resource) {
        return validator.validate(resource).stream().map(SpecViolation::field).toList();
    }

    @Test
    void minimalSpecIsValid() {
        assertThat(validator.validate(kvs(ManagedKVSSpec.of("redis-sentinel", "7.2")))).isEmpty();
    }

    @Test
    void missingSpecIsNamed() {
        ManagedKVS resource = new ManagedKVS("apps", "cache", null);
        assertThat(fields(resource)).containsExactly("spec");
    }

    @Test
    void engineCannotChangeAfterCreation() {
        ManagedKVS resource = kvs(ManagedKVSSpec.of("raft-kv", "1.0"));
        resource.setStatus(new ManagedKVSStatus(1L, null, List.of(), "redis-sentinel", null, null, null, null, null, null, null, null, null));
        List<SpecViolation> violations = validator.validate(resource);
        assertThat(violations).extracting(SpecViolation::field).containsExactly("spec.engine");
        assertThat(violations.get(0).message()).contains("immutable").contains("redis-sentinel");
    }

    @Test
    void engineSectionMustMatchTheEngine() {
        ManagedKVS resource = kvs(ManagedKVSSpec.of("raft-kv", "1.0").withRedis(RedisSpec.DEFAULT));
        assertThat(fields(resource)).containsExactly("spec.redis");
    }

    @Test
    void everyViolationIsReportedNotJustTheFirst() {
        ManagedKVS resource = kvs(ManagedKVSSpec.of("redis-sentinel", "seven").withReplicas(0)
                .withStorage(new StorageSpec("-1Gi", null)));
        assertThat(fields(resource)).containsExactlyInAnyOrder("spec.version", "spec.replicas", "spec.storage.size");
    }

    @Test
    void storageSizeMustBePositive() {
        assertThat(fields(kvs(ManagedKVSSpec.of("redis-sentinel", "7.2").withStorage(new StorageSpec("0", null)))))
                .containsExactly("spec.storage.size");
        assertThat(fields(kvs(ManagedKVSSpec.of("redis-sentinel", "7.2").withStorage(new StorageSpec("10Gi", "standard")))))
                .isEmpty();
    }

    @Test
    void requestMayEqualLimitButNotExceedIt() {
        ComputeResources equal = new ComputeResources(Map.of("memory", new Quantity("256Mi")), Map.of("memory", new Quantity("256Mi")));
        ComputeResources above = new ComputeResources(Map.of("cpu", new Quantity("2")), Map.of("cpu", new Quantity("500m")));
        assertThat(fields(kvs(ManagedKVSSpec.of("redis-sentinel", "7.2").withResources(equal)))).isEmpty();
        assertThat(fields(kvs(ManagedKVSSpec.of("redis-sentinel", "7.2").withResources(above)))).containsExactly("spec.resources.requests.cpu");
    }

    @Test
    void nameMustLeaveRoomForMemberNames() {
        ManagedKVS resource = new ManagedKVS("apps", "x".repeat(CommonSpecValidator.MAX_NAME_LENGTH + 1), ManagedKVSSpec.of("redis-sentinel", "7.2"));
        assertThat(fields(resource)).containsExactly("metadata.name");
        ManagedKVS longest = new ManagedKVS("apps", "x".repeat(CommonSpecValidator.MAX_NAME_LENGTH), ManagedKVSSpec.of("redis-sentinel", "7.2"));
        assertThat(fields(longest)).isEmpty();
    }
}
