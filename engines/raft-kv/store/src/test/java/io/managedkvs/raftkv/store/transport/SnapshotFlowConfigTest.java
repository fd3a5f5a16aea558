package io.managedkvs.raftkv.store.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The snapshot flow limits: defaults, and out-of-range values refused naming the field. */
class SnapshotFlowConfigTest {

    @Test
    void defaultsSendTwoReceiveFourAndQueueSixtyFour() {
        SnapshotFlowConfig d = SnapshotFlowConfig.defaults();
        assertThat(d).isEqualTo(new SnapshotFlowConfig(2, 64, 4));
        assertThat(d.withMaxSending(5).withMaxReceiving(1)).isEqualTo(new SnapshotFlowConfig(5, 64, 1));
        assertThat(new SnapshotFlowConfig(1, 0, 64).sendQueue()).isZero();
    }

    @Test
    void outOfRangeValuesNameTheirField() {
        assertThatThrownBy(() -> new SnapshotFlowConfig(0, 64, 4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("snapshotFlow.maxSending: must be between 1 and 64, got 0");
        assertThatThrownBy(() -> new SnapshotFlowConfig(2, -1, 4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("snapshotFlow.sendQueue: ");
        assertThatThrownBy(() -> new SnapshotFlowConfig(2, 64, 65)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("snapshotFlow.maxReceiving: must be between 1 and 64, got 65");
        assertThatThrownBy(() -> SnapshotFlowConfig.defaults().withMaxReceiving(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("snapshotFlow.maxReceiving: ");
    }
}
