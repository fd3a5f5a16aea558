package io.managedkvs.operator.reconcile;

import io.managedkvs.api.engine.BackupCapable;
import io.managedkvs.api.engine.KvsEngine;
import io.managedkvs.api.engine.TlsCapable;
import io.managedkvs.api.engine.SpecViolation;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.resource.ManagedKVSSpec;
import io.managedkvs.api.validation.CommonSpecValidator;
import io.managedkvs.operator.engine.EngineRegistry;
import io.managedkvs.operator.status.Findings;
import io.managedkvs.operator.status.Reasons;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether a spec can be applied: the engine-independent checks first, then the engine lookup,
 * then the engine's own checks. Every violation found is reported, not just the first.
 */
final class SpecCheck {

    /** The engine to run, or why the spec is rejected. */
    record Verdict(Optional<KvsEngine<?>> engine, Optional<Findings.Rejected> rejection) {
    }

    private final EngineRegistry engines;
    private final CommonSpecValidator common;

    SpecCheck(EngineRegistry engines, CommonSpecValidator common) {
        this.engines = engines;
        this.common = common;
    }

    /** What the spec asks of an engine that the engine cannot do: refused, never ignored. */
    static List<SpecViolation> capabilities(KvsEngine<?> engine, ManagedKVSSpec spec) {
        List<SpecViolation> out = new ArrayList<>();
        if (!(engine instanceof BackupCapable)) {
            if (spec.backup() != null) {
                out.add(new SpecViolation("spec.backup", "the " + engine.name() + " engine cannot take backups in this version;"
                        + " remove spec.backup (a backup asked for must never silently not happen)"));
            }
            if (spec.restore() != null) {
                out.add(new SpecViolation("spec.restore", "the " + engine.name() + " engine cannot restore backups in this version;"
                        + " remove spec.restore"));
            }
        }
        if (!(engine instanceof TlsCapable) && spec.tls() != null && spec.tls().enabledOrDefault()) {
            out.add(new SpecViolation("spec.tls.enabled", "the " + engine.name() + " engine cannot serve TLS in this version;"
                    + " leave spec.tls.enabled off"));
        }
        return out;
    }

    Verdict check(ManagedKVS resource) {
        List<SpecViolation> violations = new ArrayList<>(common.validate(resource));
        String name = resource.getSpec() == null ? null : resource.getSpec().engine();
        Optional<KvsEngine<?>> engine = engines.find(name);
        boolean unknown = false;
        if (engine.isEmpty() && name != null && !name.isBlank()) {
            unknown = true;
            violations.add(new SpecViolation("spec.engine", "no engine named '" + name + "' runs in this operator; known engines: "
                    + (engines.names().isEmpty() ? "none" : String.join(", ", engines.names()))));
        }
        // The engine's checks assume the common ones passed (a spec is present, the name is valid).
        if (engine.isPresent() && violations.isEmpty()) {
            violations.addAll(capabilities(engine.get(), resource.getSpec()));
            violations.addAll(engine.get().validate(resource));
        }
        if (violations.isEmpty()) {
            return new Verdict(engine, Optional.empty());
        }
        return new Verdict(engine, Optional.of(new Findings.Rejected(unknown ? Reasons.UNKNOWN_ENGINE : Reasons.INVALID_SPEC, violations)));
    }
}
