package io.managedkvs.raft;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TestingBridgeTest {

    @Test
    void everyDeliberateBugIsReachableFromTheTests() {
        // The detection test walks TestingBridge.Bug: a bug added to the core but not mirrored would never be checked.
        assertThat(Arrays.stream(TestingBridge.Bug.values()).map(Enum::name))
                .containsExactlyElementsOf(Arrays.stream(DeliberateBug.values()).map(Enum::name).toList());
    }
}
