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
import io.managedkvs.api.resource.TlsSpec;
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
    void tlsCannotBeTurnedOnOrOffAfterCreationOnEitherEngine() {
        for (String engine : List.of("redis-sentinel", "raft-kv")) {
            ManagedKVSSpec plain = ManagedKVSSpec.of(engine, "7.2");
            ManagedKVSSpec withTls = plain.withTls(new TlsSpec(true, "cache-tls"));

            assertThat(validator.validate(created(withTls, false))).singleElement().satisfies(v -> {
                assertThat(v.field()).isEqualTo("spec.tls.enabled");
                assertThat(v.message()).contains("created without TLS").contains("spec.tls.enabled is fixed").contains("spec.restore");
            });
            assertThat(validator.validate(created(plain, true))).extracting(SpecViolation::field).containsExactly("spec.tls.enabled");
            assertThat(validator.validate(created(plain.withTls(new TlsSpec(false, "cache-tls")), true)))
                    .as("enabled: false is off").extracting(SpecViolation::field).containsExactly("spec.tls.enabled");

            assertThat(validator.validate(created(withTls, true))).as("as created").isEmpty();
            assertThat(validator.validate(created(withTls.withTls(new TlsSpec(true, "other-tls")), true)))
                    .as("another Secret keeps TLS on").isEmpty();
            assertThat(validator.validate(created(plain.withTls(new TlsSpec(false, null)), false))).as("off stays off").isEmpty();
            assertThat(validator.validate(kvs(withTls))).as("a new instance chooses").isEmpty();
            ManagedKVS unrecorded = kvs(withTls);
            unrecorded.setStatus(new ManagedKVSStatus(1L, null, List.of(), engine, null, null, null, null, null, null, null, null, null));
            assertThat(validator.validate(unrecorded)).as("created before status.tls was recorded").isEmpty();
        }
    }

    /** An instance whose spec was first accepted with TLS on or off, now asking for {@code spec}. */
    private static ManagedKVS created(ManagedKVSSpec spec, boolean tls) {
        ManagedKVS resource = kvs(spec);
        resource.setStatus(new ManagedKVSStatus(1L, null, List.of(), spec.engine(), null, null, null, null, null, null, null, null, null,
                null, null, tls));
        return resource;
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
