package io.managedkvs.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedkvs.api.engine.EngineStatus;
import io.managedkvs.api.engine.EngineStatus.Finding;
import io.managedkvs.api.resource.ManagedKVSStatus;
import io.managedkvs.api.resource.Phase;
import java.util.List;
import org.junit.jupiter.api.Test;

class PhaseRulesTest {

    private static final ManagedKVSStatus NEW = ManagedKVSStatus.empty();
    private static final ManagedKVSStatus SERVED = new ManagedKVSStatus(1L, Phase.Ready, List.of(), "e", "1.0", "1.0",
            null, null, null, null, null, null, null);

    @Test
    void aNewInstanceIsPendingUntilMembersExistThenProvisioningUntilAllAreReady() {
        assertThat(PhaseRules.phase(NEW, status(3, 0, true, List.of()), false)).isEqualTo(Phase.Pending);
        assertThat(PhaseRules.phase(NEW, status(3, 2, true, List.of()), true)).isEqualTo(Phase.Provisioning);
        assertThat(PhaseRules.phase(NEW, status(3, 3, false, List.of()), true)).isEqualTo(Phase.Provisioning);
        assertThat(PhaseRules.phase(NEW, status(3, 3, true, List.of()), true)).isEqualTo(Phase.Ready);
    }

    @Test
    void aServingInstanceIsUpdatingDuringARolloutAndDegradedWhenShort() {
        assertThat(PhaseRules.phase(SERVED, status(3, 3, true, List.of()), true)).isEqualTo(Phase.Ready);
        assertThat(PhaseRules.phase(SERVED, status(3, 2, false, List.of()), true)).isEqualTo(Phase.Updating);
        assertThat(PhaseRules.phase(SERVED, status(3, 2, true, List.of()), true)).isEqualTo(Phase.Degraded);
        assertThat(PhaseRules.phase(SERVED, status(3, 3, false, List.of(Finding.degraded("Lag", "lag"))), true)).isEqualTo(Phase.Degraded);
    }

    @Test
    void aProblemThatStopsServingFailsTheInstanceWhateverElseHolds() {
        List<Finding> down = List.of(Finding.down("NoPrimary", "no writable member"));
        assertThat(PhaseRules.phase(SERVED, status(3, 3, true, down), true)).isEqualTo(Phase.Failed);
        assertThat(PhaseRules.phase(NEW, status(3, 0, true, down), false)).isEqualTo(Phase.Failed);
    }

    private static EngineStatus status(int desired, int ready, boolean rolledOut, List<Finding> problems) {
        return new EngineStatus(desired, ready, null, null, "1.0", null, rolledOut, null, null, problems, List.of());
    }
}
