package io.managedkvs.redis.actuator;

import io.managedkvs.api.engine.EngineStatus.Finding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Collects the steps and findings of one plan; a finding with the same reason is merged. */
final class PlanBuilder {

    private final DesiredState desired;
    private final Observation obs;
    private final List<Step> steps = new ArrayList<>();
    private final List<Restart> restarts = new ArrayList<>();
    private final Map<String, Finding> problems = new LinkedHashMap<>();
    private final Map<String, Finding> progress = new LinkedHashMap<>();
    private boolean held;

    PlanBuilder(DesiredState desired, Observation obs) {
        this.desired = desired;
        this.obs = obs;
    }

    void step(Step step) {
        steps.add(step);
    }

    List<Step> steps() {
        return steps;
    }

    void restart(Restart restart) {
        restarts.add(restart);
    }

    /** Marks the instance as not settled yet although nothing is to be done: something is still converging. */
    void hold(String reason, String message) {
        held = true;
        progress(reason, message);
    }

    boolean held() {
        return held;
    }

    void down(String reason, String message) {
        merge(problems, Finding.down(reason, message));
    }

    void degraded(String reason, String message) {
        merge(problems, Finding.degraded(reason, message));
    }

    void progress(String reason, String message) {
        merge(progress, Finding.degraded(reason, message));
    }

    private static void merge(Map<String, Finding> into, Finding f) {
        into.merge(f.reason(), f, (a, b) -> new Finding(a.reason(), a.message() + "; " + b.message(), a.serving() && b.serving()));
    }

    Plan build(Optional<String> primary, boolean settled) {
        return new Plan(primary, steps, restarts, List.copyOf(problems.values()), List.copyOf(progress.values()),
                membersReady(primary), settled);
    }

    /** Data members serving and in sync: the primary if writable, and each replica in sync with it. */
    private int membersReady(Optional<String> primaryName) {
        if (primaryName.isEmpty()) {
            return 0;
        }
        NodeState p = obs.node(primaryName.get()).orElse(null);
        if (p == null || !p.isPrimary()) {
            return 0;
        }
        int ready = desired.facts(p.name()).ready() ? 1 : 0;
        for (NodeState n : obs.nodes()) {
            if (n != p && !desired.leaving(n.name()) && desired.facts(n.name()).ready()
                    && n.follows(p.endpoint()) && Planner.inSync(p, n)) {
                ready++;
            }
        }
        return ready;
    }
}
