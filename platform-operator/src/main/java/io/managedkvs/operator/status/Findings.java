package io.managedkvs.operator.status;

import io.managedkvs.api.engine.EngineStatus;
import io.managedkvs.api.engine.SpecViolation;
import io.managedkvs.api.resource.ManagedKVSStatus.RestoreStatus;
import java.util.List;

/** What one reconcile found, as the status aggregator needs it. */
public sealed interface Findings {

    /** The spec (or what it points at) cannot be applied; nothing was changed. */
    record Rejected(String reason, List<SpecViolation> violations) implements Findings {
        public Rejected {
            violations = List.copyOf(violations);
        }

        /** Every violation as {@code field: message}, in order. */
        public String message() {
            return String.join("; ", violations.stream().map(SpecViolation::toString).toList());
        }
    }

    /** The engine threw or broke its contract; {@code message} is safe to show (no secrets). */
    record EngineFailed(String message) implements Findings {
    }

    /**
     * The engine observed the members and reported.
     *
     * @param holdsReady what keeps the instance from being Ready though every member is (a restore under way), or null
     * @param restore    the restore Job's status to record, or null to keep the previous one
     */
    record Observed(EngineStatus engine, boolean membersExist, EngineStatus.Finding holdsReady, RestoreStatus restore)
            implements Findings {

        public Observed(EngineStatus engine, boolean membersExist) {
            this(engine, membersExist, null, null);
        }
    }
}
