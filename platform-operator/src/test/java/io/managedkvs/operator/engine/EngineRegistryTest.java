package io.managedkvs.operator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.managedkvs.api.engine.ResourceRef;
import io.managedkvs.operator.fixture.FixtureEngine;
import java.util.List;
import org.junit.jupiter.api.Test;

class EngineRegistryTest {

    @Test
    void findsEnginesByTheirSpecEngineName() {
        FixtureEngine fixture = new FixtureEngine();
        EngineRegistry registry = new EngineRegistry(List.of(fixture));

        assertThat(registry.find("fixture-kv")).containsSame(fixture);
        assertThat(registry.find("redis-sentinel")).isEmpty();
        assertThat(registry.find(null)).isEmpty();
        assertThat(registry.names()).containsExactly("fixture-kv");
    }

    @Test
    void twoEnginesForOneNameAreRefused() {
        assertThatThrownBy(() -> new EngineRegistry(List.of(new FixtureEngine(), new FixtureEngine())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("two engines serve spec.engine 'fixture-kv'");
    }

    @Test
    void triggerRequestsAreRememberedUntilConsumed() {
        ReconcileTriggerSource trigger = new ReconcileTriggerSource();
        ResourceRef ref = new ResourceRef("apps", "cache");

        trigger.reconcileSoon(ref);

        assertThat(trigger.consume(ref)).isTrue();
        assertThat(trigger.consume(ref)).isFalse();
    }
}
