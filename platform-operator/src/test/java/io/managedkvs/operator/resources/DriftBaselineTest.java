package io.managedkvs.operator.resources;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedkvs.api.engine.ResourceRef;
import java.util.List;
import org.junit.jupiter.api.Test;

class DriftBaselineTest {

    private static final ResourceRef CACHE = new ResourceRef("apps", "cache");
    private static final ResourceKey STS = new ResourceKey("apps/v1", "StatefulSet", "cache");
    private static final String MEMORY = "/spec/template/spec/containers/0/resources/requests/memory";

    private final DriftBaseline baseline = new DriftBaseline();

    @Test
    void withoutARecordEveryDifferenceIsDrift() {
        assertThat(baseline.drift(CACHE, STS, "h1", List.of(MEMORY))).containsExactly(MEMORY);
    }

    @Test
    void differencesPresentRightAfterTheApplyAreNotDriftWhileTheHashHolds() {
        baseline.record(CACHE, STS, "h1", List.of(MEMORY));

        assertThat(baseline.drift(CACHE, STS, "h1", List.of(MEMORY))).isEmpty();
        assertThat(baseline.drift(CACHE, STS, "h1", List.of(MEMORY, "/spec/replicas"))).containsExactly("/spec/replicas");
        assertThat(baseline.drift(CACHE, STS, "h2", List.of(MEMORY))).as("a new desired object is judged afresh")
                .containsExactly(MEMORY);
        assertThat(baseline.drift(new ResourceRef("other", "cache"), STS, "h1", List.of(MEMORY))).containsExactly(MEMORY);
    }

    @Test
    void forgettingAnObjectOrTheInstanceDropsItsRecord() {
        ResourceKey svc = new ResourceKey("v1", "Service", "cache");
        baseline.record(CACHE, STS, "h1", List.of(MEMORY));
        baseline.record(CACHE, svc, "h1", List.of("/spec/ports"));

        baseline.forget(CACHE, STS);
        assertThat(baseline.drift(CACHE, STS, "h1", List.of(MEMORY))).containsExactly(MEMORY);
        assertThat(baseline.drift(CACHE, svc, "h1", List.of("/spec/ports"))).isEmpty();

        baseline.forget(CACHE);
        assertThat(baseline.drift(CACHE, svc, "h1", List.of("/spec/ports"))).containsExactly("/spec/ports");
    }
}
