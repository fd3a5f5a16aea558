package io.managedkvs.raftkv.engine.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedkvs.api.engine.SpecViolation;
import io.managedkvs.api.resource.AuthSpec;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.resource.ManagedKVSSpec;
import io.managedkvs.api.resource.ManagedKVSStatus;
import io.managedkvs.api.resource.Phase;
import io.managedkvs.api.resource.RaftKvSpec;
import io.managedkvs.api.resource.StorageSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class RaftKvSpecValidatorTest {

    private final RaftKvSpecValidator validator = new RaftKvSpecValidator();

    private static ManagedKVSSpec spec() {
        return ManagedKVSSpec.of("raft-kv", "1.0");
    }

    private static RaftKvSpec raftKv(Integer pdReplicas, Integer replicationFactor, String replaceAfter) {
        return new RaftKvSpec(new RaftKvSpec.PlacementDriverSpec(pdReplicas, null, null), replicationFactor, null, null, replaceAfter);
    }

    private List<SpecViolation> validate(ManagedKVSSpec spec) {
        return validator.validate(new ManagedKVS("apps", "cache", spec));
    }

    @Test
    void theDefaultsAreValid() {
        assertThat(validate(spec())).isEmpty();
        assertThat(validate(spec().withReplicas(5).withStorage(new StorageSpec("1Gi", null)).withRaftKv(raftKv(5, 5, "10m")))).isEmpty();
    }

    @Test
    void fewerStoresThanCopiesAreRefusedNamingBothFields() {
        assertThat(validate(spec().withReplicas(2))).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("spec.replicas");
            assertThat(v.message()).contains("spec.raftKv.replicationFactor (3)", "got 2");
        });
    }

    @Test
    void anEvenPlacementDriverOrReplicationFactorIsRefused() {
        assertThat(validate(spec().withRaftKv(raftKv(4, null, null)))).extracting(SpecViolation::field)
                .containsExactly("spec.raftKv.placementDriver.replicas");
        assertThat(validate(spec().withReplicas(4).withRaftKv(raftKv(null, 2, null)))).extracting(SpecViolation::field)
                .containsExactly("spec.raftKv.replicationFactor");
    }

    @Test
    void tooSmallVolumesAreRefusedStatingTheMinimum() {
        assertThat(validate(spec().withStorage(new StorageSpec("512Mi", null)))).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("spec.storage.size");
            assertThat(v.message()).contains("at least 1Gi", "512Mi");
        });
        RaftKvSpec smallPd = new RaftKvSpec(new RaftKvSpec.PlacementDriverSpec(3, null, new StorageSpec("64Mi", null)), null, null, null, null);
        assertThat(validate(spec().withRaftKv(smallPd))).extracting(SpecViolation::field)
                .containsExactly("spec.raftKv.placementDriver.storage.size");
    }

    @Test
    void aReplacementDelayTooShortOrMalformedIsRefused() {
        assertThat(validate(spec().withRaftKv(raftKv(null, null, "30s")))).singleElement()
                .satisfies(v -> assertThat(v.toString()).startsWith("spec.raftKv.downStoreReplaceAfter: must be at least 60s"));
        assertThat(validate(spec().withRaftKv(raftKv(null, null, "soon")))).extracting(SpecViolation::field)
                .containsExactly("spec.raftKv.downStoreReplaceAfter");
    }

    @Test
    void aDowngradeAcrossAMajorVersionIsRefusedButWithinOneAllowed() {
        ManagedKVS upgraded = new ManagedKVS("apps", "cache", spec().withVersion("1.0"));
        upgraded.setStatus(new ManagedKVSStatus(2L, Phase.Ready, List.of(), "raft-kv", "2.1", "2.1", "3/3", null, null, null,
                null, null, null));
        assertThat(validator.validate(upgraded)).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("spec.version");
            assertThat(v.message()).contains("cannot downgrade to 1.0", "2.1.0");
        });
        upgraded.setSpec(spec().withVersion("2.0"));
        assertThat(validator.validate(upgraded)).isEmpty();
    }

    @Test
    void whatRaftKvCannotDoYetIsRefusedRatherThanIgnored() {
        assertThat(validate(spec().withAuth(new AuthSpec(true, null)))).extracting(SpecViolation::field).containsExactly("spec.auth.enabled");
        assertThat(validate(spec().withRaftKv(new RaftKvSpec(null, null, null, new RaftKvSpec.Protocols(false, true), null))))
                .extracting(SpecViolation::field).containsExactly("spec.raftKv.protocols.grpc");
    }
}
