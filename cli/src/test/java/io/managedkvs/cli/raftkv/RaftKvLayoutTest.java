package io.managedkvs.cli.raftkv;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RaftKvLayoutTest {

    @Test
    void fromABasePdComesFirstThenThreePortsPerStore() {
        RaftKvLayout layout = RaftKvLayout.fromBase(RaftKvLayout.DEFAULT_BASE, 3);

        assertThat(layout.pdEndpoint()).isEqualTo("127.0.0.1:2379");
        assertThat(layout.pdStatus()).isEqualTo(2380);
        assertThat(layout.stores()).containsExactly(new RaftKvLayout.StorePorts(2381, 2382, 2383),
                new RaftKvLayout.StorePorts(2384, 2385, 2386), new RaftKvLayout.StorePorts(2387, 2388, 2389));
        assertThat(layout.all()).hasSize(RaftKvLayout.width(3)).doesNotHaveDuplicates().startsWith(2379).endsWith(2389);
    }

    @Test
    void freePortsAreDistinct() {
        RaftKvLayout layout = RaftKvLayout.free(5);

        assertThat(layout.all()).hasSize(RaftKvLayout.width(5)).doesNotHaveDuplicates().allSatisfy(p -> assertThat(p).isPositive());
    }
}
