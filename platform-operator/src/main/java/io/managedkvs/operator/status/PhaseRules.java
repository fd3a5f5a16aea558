package io.managedkvs.operator.status;

import io.managedkvs.api.engine.EngineStatus;
import io.managedkvs.api.resource.ManagedKVSStatus;
import io.managedkvs.api.resource.Phase;
import java.util.EnumSet;
import java.util.Set;

/**
 * How the phase follows from what the engine observed. In order:
 * <ol>
 *   <li>a problem that stops serving → {@code Failed};</li>
 *   <li>an instance that has never served: every member ready and rolled out → {@code Ready}, else
 *       {@code Provisioning} once member pods exist, {@code Pending} before;</li>
 *   <li>a problem that still serves → {@code Degraded};</li>
 *   <li>a rollout or other engine progress under way → {@code Updating};</li>
 *   <li>fewer ready members than desired → {@code Degraded};</li>
 *   <li>otherwise {@code Ready}.</li>
 * </ol>
 * A rejected spec and an engine error are handled by {@link StatusAggregator}: the former leaves the
 * phase as it was ({@code Failed} when nothing was ever applied), the latter turns a serving phase
 * into {@code Degraded}.
 */
public final class PhaseRules {

    static final Set<Phase> SERVING = EnumSet.of(Phase.Ready, Phase.Updating, Phase.Degraded);

    private PhaseRules() {
    }

    public static Phase phase(ManagedKVSStatus previous, EngineStatus engine, boolean membersExist) {
        boolean allReady = engine.membersReady() >= engine.membersDesired();
        if (engine.problems().stream().anyMatch(p -> !p.serving())) {
            return Phase.Failed;
        }
        if (!hasServed(previous)) {
            if (allReady && engine.rolloutDone() && engine.problems().isEmpty() && engine.progress().isEmpty()) {
                return Phase.Ready;
            }
            return membersExist ? Phase.Provisioning : Phase.Pending;
        }
        if (!engine.problems().isEmpty()) {
            return Phase.Degraded;
        }
        if (!engine.rolloutDone() || !engine.progress().isEmpty()) {
            return Phase.Updating;
        }
        return allReady ? Phase.Ready : Phase.Degraded;
    }

    /** Whether the instance has been ready at least once (a serving phase is only reached through Ready). */
    static boolean hasServed(ManagedKVSStatus previous) {
        return previous.phase() != null && SERVING.contains(previous.phase());
    }
}
