package io.managedkvs.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedkvs.api.engine.EngineStatus;
import io.managedkvs.api.engine.EngineStatus.Finding;
import io.managedkvs.api.engine.SpecViolation;
import io.managedkvs.api.resource.Condition;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.resource.ManagedKVSSpec;
import io.managedkvs.api.resource.ManagedKVSStatus;
import io.managedkvs.api.resource.Phase;
import io.managedkvs.operator.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusAggregatorTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final StatusAggregator aggregator = new StatusAggregator(clock);

    @Test
    void observedHealthyInstanceIsReadyWithEveryFieldFilled() {
        ManagedKVSStatus status = aggregator.aggregate(resource(null, 1), observed(engine(3, 3, true, List.of(), List.of())), "cache-auth");

        assertThat(status.phase()).isEqualTo(Phase.Ready);
        assertThat(status.observedGeneration()).isEqualTo(1L);
        assertThat(status.engine()).isEqualTo("fixture-kv");
        assertThat(status.version()).isEqualTo("7.2.4");
        assertThat(status.dataVersion()).isEqualTo("7.2.4");
        assertThat(status.ready()).isEqualTo("3/3");
        assertThat(status.members()).isEqualTo(new ManagedKVSStatus.MembersStatus(3, 3));
        assertThat(status.primary()).isEqualTo("cache-0");
        assertThat(status.credentialsSecret()).isEqualTo("cache-auth");
        assertThat(status.failovers()).isEqualTo(new ManagedKVSStatus.FailoverStatus(4L, "2026-02-01T00:00:00Z"));
        assertThat(status.conditions()).containsExactly(
                condition(Condition.READY, Condition.TRUE, "MembersReady", "3/3 members ready", "2026-03-01T10:00:00Z"),
                condition(Condition.PROGRESSING, Condition.FALSE, "RolloutComplete", "every member runs the current spec", "2026-03-01T10:00:00Z"),
                condition(Condition.DEGRADED, Condition.FALSE, "Healthy", "no problems found", "2026-03-01T10:00:00Z"),
                condition(Condition.SPEC_VALID, Condition.TRUE, "SpecAccepted", "the spec is valid", "2026-03-01T10:00:00Z"));
    }

    @Test
    void transitionTimeMovesOnlyForConditionsWhoseStatusChanged() {
        ManagedKVSStatus first = aggregator.aggregate(resource(null, 1), observed(engine(3, 3, true, List.of(), List.of())), null);
        clock.advance(Duration.ofMinutes(5));
        ManagedKVSStatus second = aggregator.aggregate(resource(first, 2), observed(engine(3, 2, true,
                List.of(Finding.degraded("MemberDown", "cache-2 is not ready")), List.of())), null);

        assertThat(second.condition(Condition.READY).orElseThrow().lastTransitionTime()).isEqualTo("2026-03-01T10:05:00Z");
        assertThat(second.condition(Condition.DEGRADED).orElseThrow()).satisfies(c -> {
            assertThat(c.reason()).isEqualTo("MemberDown");
            assertThat(c.lastTransitionTime()).isEqualTo("2026-03-01T10:05:00Z");
        });
        assertThat(second.condition(Condition.PROGRESSING).orElseThrow().lastTransitionTime()).isEqualTo("2026-03-01T10:00:00Z");
        assertThat(second.condition(Condition.SPEC_VALID).orElseThrow().lastTransitionTime()).isEqualTo("2026-03-01T10:00:00Z");
        assertThat(second.conditions()).extracting(Condition::observedGeneration).containsOnly(2L);
        assertThat(second.phase()).isEqualTo(Phase.Degraded);
    }

    @Test
    void sameInputsGiveAnEqualStatus() {
        ManagedKVSStatus first = aggregator.aggregate(resource(null, 1), observed(engine(3, 1, false, List.of(), List.of())), "s");
        clock.advance(Duration.ofHours(1));
        ManagedKVSStatus again = aggregator.aggregate(resource(first, 1), observed(engine(3, 1, false, List.of(), List.of())), "s");

        assertThat(again).isEqualTo(first);
    }

    @Test
    void rejectedSpecOfANewInstanceFailsItAndListsEveryViolation() {
        ManagedKVSStatus status = aggregator.aggregate(resource(null, 1), new Findings.Rejected(Reasons.INVALID_SPEC, List.of(
                new SpecViolation("spec.version", "is required"), new SpecViolation("spec.replicas", "must be odd"))), null);

        assertThat(status.phase()).isEqualTo(Phase.Failed);
        assertThat(status.engine()).isNull();
        assertThat(status.condition(Condition.SPEC_VALID).orElseThrow()).satisfies(c -> {
            assertThat(c.status()).isEqualTo(Condition.FALSE);
            assertThat(c.reason()).isEqualTo("InvalidSpec");
            assertThat(c.message()).isEqualTo("spec.version: is required; spec.replicas: must be odd");
        });
        assertThat(status.condition(Condition.READY).orElseThrow().status()).isEqualTo(Condition.FALSE);
    }

    @Test
    void rejectedSpecOfARunningInstanceKeepsWhatItObserved() {
        ManagedKVSStatus running = aggregator.aggregate(resource(null, 1), observed(engine(3, 3, true, List.of(), List.of())), "cache-auth");
        clock.advance(Duration.ofMinutes(1));
        ManagedKVSStatus rejected = aggregator.aggregate(resource(running, 2),
                new Findings.Rejected(Reasons.INVALID_SPEC, List.of(new SpecViolation("spec.version", "downgrade from 7.2 to 6.0 is refused"))), null);

        assertThat(rejected.phase()).isEqualTo(Phase.Ready);
        assertThat(rejected.engine()).isEqualTo("fixture-kv");
        assertThat(rejected.ready()).isEqualTo("3/3");
        assertThat(rejected.credentialsSecret()).isEqualTo("cache-auth");
        assertThat(rejected.observedGeneration()).isEqualTo(2L);
        assertThat(rejected.condition(Condition.READY).orElseThrow()).satisfies(c -> {
            assertThat(c.status()).isEqualTo(Condition.TRUE);
            assertThat(c.lastTransitionTime()).isEqualTo("2026-03-01T10:00:00Z");
            assertThat(c.observedGeneration()).isEqualTo(2L);
        });
        assertThat(rejected.condition(Condition.SPEC_VALID).orElseThrow().lastTransitionTime()).isEqualTo("2026-03-01T10:01:00Z");
    }

    @Test
    void engineFailureDegradesAServingInstanceAndLeavesANewOnePending() {
        ManagedKVSStatus running = aggregator.aggregate(resource(null, 1), observed(engine(3, 3, true, List.of(), List.of())), null);
        ManagedKVSStatus failedRunning = aggregator.aggregate(resource(running, 1), new Findings.EngineFailed("engine x failed in observe: boom"), null);
        ManagedKVSStatus failedNew = aggregator.aggregate(resource(null, 1), new Findings.EngineFailed("engine x failed in observe: boom"), null);

        assertThat(failedRunning.phase()).isEqualTo(Phase.Degraded);
        assertThat(failedRunning.condition(Condition.READY).orElseThrow().status()).as("kept: the members may still serve").isEqualTo(Condition.TRUE);
        assertThat(failedRunning.condition(Condition.DEGRADED).orElseThrow().reason()).isEqualTo("EngineError");
        assertThat(failedRunning.condition(Condition.PROGRESSING).orElseThrow().status()).isEqualTo(Condition.UNKNOWN);
        assertThat(failedNew.phase()).isEqualTo(Phase.Pending);
        assertThat(failedNew.condition(Condition.READY).orElseThrow().reason()).isEqualTo("EngineError");
        assertThat(failedNew.engine()).isEqualTo("fixture-kv");
    }

    @Test
    void dataVersionIsTheNewestVersionEverRun() {
        assertThat(StatusAggregator.newest("7.2", "7.0.15")).isEqualTo("7.2");
        assertThat(StatusAggregator.newest("7.0.15", "7.2")).isEqualTo("7.2");
        assertThat(StatusAggregator.newest(null, "7.2")).isEqualTo("7.2");
        assertThat(StatusAggregator.newest("7.2", null)).isEqualTo("7.2");
        assertThat(StatusAggregator.newest("7.2", "garbage")).isEqualTo("7.2");

        ManagedKVSStatus upgraded = aggregator.aggregate(resource(null, 1), observed(engine(3, 3, true, List.of(), List.of())), null);
        EngineStatus downgraded = new EngineStatus(3, 3, "cache-0", null, "7.0", null, true, null, null, List.of(), List.of());
        ManagedKVSStatus after = aggregator.aggregate(resource(upgraded, 2), new Findings.Observed(downgraded, true), null);
        assertThat(after.version()).isEqualTo("7.0");
        assertThat(after.dataVersion()).isEqualTo("7.2.4");
        assertThat(after.failovers()).as("unknown this time: kept").isEqualTo(upgraded.failovers());
    }

    @Test
    void aVersionAMemberStartedWithCountsForTheDataBeforeTheRolloutCompletes() {
        ManagedKVSStatus running = aggregator.aggregate(resource(null, 1), observed(engine(3, 3, true, List.of(), List.of())), null);
        // Mid-rollout to 7.4: one member already runs it, so data may be in its format.
        EngineStatus midRollout = new EngineStatus(3, 3, "cache-0", null, null, "7.4", false, null, null, List.of(), List.of());
        ManagedKVSStatus after = aggregator.aggregate(resource(running, 2), new Findings.Observed(midRollout, true), null);
        assertThat(after.version()).as("not every member runs 7.4 yet").isEqualTo("7.2.4");
        assertThat(after.dataVersion()).isEqualTo("7.4");
    }

    @Test
    void noVersionIsRecordedWhileNoMemberIsReady() {
        ManagedKVSStatus status = aggregator.aggregate(resource(null, 1), observed(engine(3, 0, true, List.of(), List.of())), null);

        assertThat(status.version()).isNull();
        assertThat(status.dataVersion()).isNull();
    }

    @Test
    void engineFindingsBecomeConditionReasonsAndMessages() {
        ManagedKVSStatus status = aggregator.aggregate(resource(null, 1), observed(engine(3, 1, false,
                List.of(Finding.down("NoQuorum", "1 of 3 sentinels reachable"), Finding.degraded("ReplicaLagging", "cache-2 lags")),
                List.of(new Finding("Bootstrapping", "registering replicas", true)))), null);

        assertThat(status.phase()).isEqualTo(Phase.Failed);
        assertThat(status.condition(Condition.READY).orElseThrow())
                .satisfies(c -> assertThat(c.reason()).isEqualTo("NoQuorum"))
                .satisfies(c -> assertThat(c.message()).isEqualTo("1 of 3 sentinels reachable"));
        assertThat(status.condition(Condition.DEGRADED).orElseThrow().message()).isEqualTo("1 of 3 sentinels reachable; cache-2 lags");
        assertThat(status.condition(Condition.PROGRESSING).orElseThrow().reason()).isEqualTo("Bootstrapping");
    }

    static ManagedKVS resource(ManagedKVSStatus status, long generation) {
        ManagedKVS resource = new ManagedKVS("apps", "cache", ManagedKVSSpec.of("fixture-kv", "7.2"));
        resource.getMetadata().setGeneration(generation);
        resource.setStatus(status);
        return resource;
    }

    @Test
    void aRestoreUnderWayHoldsReadyUntilItEndsAndItsStatusIsKept() {
        Finding restoring = Finding.degraded("Restoring", "restoring backup b-1 with the Job cache-restore");
        ManagedKVSStatus.RestoreStatus running = new ManagedKVSStatus.RestoreStatus("b-1", ManagedKVSStatus.RestorePhase.Running,
                "cache-restore", "2026-03-01T10:00:00Z", null, null);
        ManagedKVSStatus during = aggregator.aggregate(resource(null, 1), new Findings.Observed(
                engine(3, 3, true, List.of(), List.of(restoring)), true, restoring, running), null);

        assertThat(during.phase()).isEqualTo(Phase.Provisioning);
        assertThat(during.condition(Condition.READY).orElseThrow()).satisfies(c -> {
            assertThat(c.status()).isEqualTo(Condition.FALSE);
            assertThat(c.reason()).isEqualTo("Restoring");
        });
        assertThat(during.restore()).isEqualTo(running);

        ManagedKVSStatus kept = aggregator.aggregate(resource(during, 1), observed(engine(3, 3, true, List.of(), List.of())), null);
        assertThat(kept.restore()).as("kept when a reconcile has nothing new").isEqualTo(running);
        assertThat(kept.phase()).isEqualTo(Phase.Ready);
        ManagedKVSStatus notReady = aggregator.aggregate(resource(null, 1), new Findings.Observed(
                engine(3, 1, true, List.of(), List.of(restoring)), true, restoring, running), null);
        assertThat(notReady.condition(Condition.READY).orElseThrow().reason()).as("members first").isEqualTo("MembersNotReady");
    }

    static EngineStatus engine(int desired, int ready, boolean rolledOut, List<Finding> problems, List<Finding> progress) {
        return new EngineStatus(desired, ready, "cache-0", new ManagedKVSStatus.EndpointsStatus("cache:6379", null, null, null),
                "7.2.4", null, rolledOut, 4L, "2026-02-01T00:00:00Z", problems, progress);
    }

    private static Findings.Observed observed(EngineStatus status) {
        return new Findings.Observed(status, true);
    }

    private static Condition condition(String type, String status, String reason, String message, String since) {
        return new Condition(type, status, reason, message, since, 1L);
    }
}
