package io.managedkvs.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedkvs.api.resource.Condition;
import io.managedkvs.operator.status.TransitionEvents.PlannedEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransitionEventsTest {

    @Test
    void unchangedConditionsNeedNoEvent() {
        List<Condition> conditions = List.of(c(Condition.READY, "True", "MembersReady", "3/3 members ready"),
                c(Condition.DEGRADED, "True", "Lag", "cache-1 lags"), c(Condition.SPEC_VALID, "False", "InvalidSpec", "spec.x: bad"));

        assertThat(TransitionEvents.between(conditions, conditions)).isEmpty();
    }

    @Test
    void aRejectedSpecIsReportedAgainWhenItsMessageChanges() {
        List<Condition> first = List.of(c(Condition.SPEC_VALID, "False", "InvalidSpec", "spec.a: bad; spec.b: bad"));
        List<Condition> second = List.of(c(Condition.SPEC_VALID, "False", "InvalidSpec", "spec.b: bad"));

        assertThat(TransitionEvents.between(List.of(), first))
                .containsExactly(new PlannedEvent("Warning", "InvalidSpec", "spec.a: bad; spec.b: bad"));
        assertThat(TransitionEvents.between(first, second)).containsExactly(new PlannedEvent("Warning", "InvalidSpec", "spec.b: bad"));
        assertThat(TransitionEvents.between(second, List.of(c(Condition.SPEC_VALID, "True", "SpecAccepted", "ok"))))
                .extracting(PlannedEvent::reason).containsExactly("SpecAccepted");
    }

    @Test
    void readinessAndDegradationTransitionsAreReported() {
        List<Condition> healthy = List.of(c(Condition.READY, "True", "MembersReady", "3/3 members ready"),
                c(Condition.DEGRADED, "False", "Healthy", "no problems found"));
        List<Condition> broken = List.of(c(Condition.READY, "False", "MembersNotReady", "1/3 members ready"),
                c(Condition.DEGRADED, "True", "MemberDown", "cache-1 is down"));

        assertThat(TransitionEvents.between(List.of(), healthy)).containsExactly(new PlannedEvent("Normal", "InstanceReady", "3/3 members ready"));
        assertThat(TransitionEvents.between(healthy, broken)).containsExactly(
                new PlannedEvent("Warning", "InstanceNotReady", "MembersNotReady: 1/3 members ready"),
                new PlannedEvent("Warning", "MemberDown", "cache-1 is down"));
        assertThat(TransitionEvents.between(broken, healthy)).extracting(PlannedEvent::reason).containsExactly("InstanceReady", "Recovered");
    }

    @Test
    void aNewDegradationReasonIsReportedButANewMessageAloneIsNot() {
        List<Condition> lagging = List.of(c(Condition.DEGRADED, "True", "Lag", "lag 10 MB"));
        List<Condition> laggingMore = List.of(c(Condition.DEGRADED, "True", "Lag", "lag 20 MB"));
        List<Condition> split = List.of(c(Condition.DEGRADED, "True", "SplitBrain", "two primaries"));

        assertThat(TransitionEvents.between(lagging, laggingMore)).isEmpty();
        assertThat(TransitionEvents.between(laggingMore, split)).containsExactly(new PlannedEvent("Warning", "SplitBrain", "two primaries"));
    }

    @Test
    void eachStepAnEngineReportsUnderWayIsRecordedOnce() {
        List<Condition> draining = List.of(c(Condition.PROGRESSING, "True", "StoresDraining", "draining store 5 (pod cache-store-4)"));
        List<Condition> next = List.of(c(Condition.PROGRESSING, "True", "StoresDraining", "draining store 4 (pod cache-store-3)"));
        List<Condition> done = List.of(c(Condition.PROGRESSING, "False", "RolloutComplete", "every member runs the current spec"));

        assertThat(TransitionEvents.between(done, draining))
                .containsExactly(new PlannedEvent("Normal", "StoresDraining", "draining store 5 (pod cache-store-4)"));
        assertThat(TransitionEvents.between(draining, draining)).isEmpty();
        assertThat(TransitionEvents.between(draining, next)).extracting(PlannedEvent::message).containsExactly("draining store 4 (pod cache-store-3)");
        assertThat(TransitionEvents.between(next, done)).isEmpty();
    }

    private static Condition c(String type, String status, String reason, String message) {
        return new Condition(type, status, reason, message, "2026-01-01T00:00:00Z", 1L);
    }
}
