package io.managedkvs.operator.status;

import io.managedkvs.api.resource.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds the conditions of a new status from the previous ones: {@code lastTransitionTime} moves only
 * when a condition's status changes, and every condition records the generation it was computed for.
 */
final class ConditionSet {

    private final List<Condition> previous;
    private final Long generation;
    private final String now;
    private final List<Condition> built = new ArrayList<>();

    ConditionSet(List<Condition> previous, Long generation, String now) {
        this.previous = previous;
        this.generation = generation;
        this.now = now;
    }

    ConditionSet set(String type, String status, String reason, String message) {
        String since = previous(type).filter(p -> status.equals(p.status()) && p.lastTransitionTime() != null)
                .map(Condition::lastTransitionTime)
                .orElse(now);
        built.add(new Condition(type, status, reason, message, since, generation));
        return this;
    }

    /** Carries a previous condition over unchanged except for its generation; sets a default when absent. */
    ConditionSet keep(String type, String status, String reason, String message) {
        Optional<Condition> prior = previous(type);
        if (prior.isPresent()) {
            Condition p = prior.get();
            built.add(new Condition(p.type(), p.status(), p.reason(), p.message(),
                    p.lastTransitionTime() == null ? now : p.lastTransitionTime(), generation));
            return this;
        }
        return set(type, status, reason, message);
    }

    Optional<Condition> previous(String type) {
        return previous.stream().filter(c -> type.equals(c.type())).findFirst();
    }

    List<Condition> build() {
        return List.copyOf(built);
    }
}
