package io.managedkvs.operator.status;

import io.managedkvs.api.resource.Condition;
import io.managedkvs.operator.events.EventRecorder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which Events a change of conditions deserves: a rejected spec (again whenever the reason or message
 * changes), an accepted spec after a rejection, becoming ready or not ready, becoming degraded (again
 * when the reason changes) and recovering, and each step an engine reports under way (Progressing
 * with a new reason or message: engines keep those messages stable while a step lasts). Nothing when
 * the conditions did not change.
 */
public final class TransitionEvents {

    /** One Event to record. */
    public record PlannedEvent(String type, String reason, String message) {
    }

    private TransitionEvents() {
    }

    public static List<PlannedEvent> between(List<Condition> before, List<Condition> after) {
        List<PlannedEvent> events = new ArrayList<>();
        Optional<Condition> specBefore = find(before, Condition.SPEC_VALID);
        find(after, Condition.SPEC_VALID).ifPresent(spec -> {
            if (Condition.FALSE.equals(spec.status())) {
                boolean same = specBefore.filter(b -> Condition.FALSE.equals(b.status())
                        && Objects.equals(spec.reason(), b.reason()) && Objects.equals(spec.message(), b.message())).isPresent();
                if (!same) {
                    events.add(new PlannedEvent(EventRecorder.WARNING, spec.reason(), spec.message()));
                }
            } else if (Condition.TRUE.equals(spec.status()) && specBefore.filter(b -> Condition.FALSE.equals(b.status())).isPresent()) {
                events.add(new PlannedEvent(EventRecorder.NORMAL, Reasons.SPEC_ACCEPTED, "the spec is valid and is being applied"));
            }
        });
        Optional<Condition> readyBefore = find(before, Condition.READY);
        find(after, Condition.READY).ifPresent(ready -> {
            boolean wasReady = readyBefore.filter(Condition::statusTrue).isPresent();
            if (ready.statusTrue() && !wasReady) {
                events.add(new PlannedEvent(EventRecorder.NORMAL, Reasons.INSTANCE_READY, ready.message()));
            } else if (Condition.FALSE.equals(ready.status()) && wasReady) {
                events.add(new PlannedEvent(EventRecorder.WARNING, Reasons.INSTANCE_NOT_READY, ready.reason() + ": " + ready.message()));
            }
        });
        Optional<Condition> degradedBefore = find(before, Condition.DEGRADED);
        find(after, Condition.DEGRADED).ifPresent(degraded -> {
            boolean wasDegraded = degradedBefore.filter(Condition::statusTrue).isPresent();
            if (degraded.statusTrue() && (!wasDegraded || !Objects.equals(degraded.reason(), degradedBefore.get().reason()))) {
                events.add(new PlannedEvent(EventRecorder.WARNING, degraded.reason(), degraded.message()));
            } else if (Condition.FALSE.equals(degraded.status()) && wasDegraded) {
                events.add(new PlannedEvent(EventRecorder.NORMAL, Reasons.RECOVERED, degraded.message()));
            }
        });
        Optional<Condition> progressingBefore = find(before, Condition.PROGRESSING);
        find(after, Condition.PROGRESSING).filter(Condition::statusTrue).ifPresent(progressing -> {
            boolean same = progressingBefore.filter(b -> b.statusTrue() && Objects.equals(progressing.reason(), b.reason())
                    && Objects.equals(progressing.message(), b.message())).isPresent();
            if (!same) {
                events.add(new PlannedEvent(EventRecorder.NORMAL, progressing.reason(), progressing.message()));
            }
        });
        return events;
    }

    private static Optional<Condition> find(List<Condition> conditions, String type) {
        return conditions.stream().filter(c -> type.equals(c.type())).findFirst();
    }
}
