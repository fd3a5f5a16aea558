package io.managedkvs.operator.status;

import io.managedkvs.api.engine.EngineStatus;
import io.managedkvs.api.resource.Condition;
import io.managedkvs.api.resource.EngineVersion;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.resource.ManagedKVSStatus;
import io.managedkvs.api.resource.ManagedKVSStatus.FailoverStatus;
import io.managedkvs.api.resource.ManagedKVSStatus.MembersStatus;
import io.managedkvs.api.resource.Phase;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * The one place a status is built: from the previous status and what a reconcile found, it computes
 * the four standard conditions (Ready, Progressing, Degraded, SpecValid), the phase and the summary
 * fields. A pure function of its inputs and the clock; callers write the result only when it differs
 * from the current status.
 */
public final class StatusAggregator {

    private final Clock clock;

    public StatusAggregator(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param credentialsSecret the name of the Secret with the client password, or null when auth is off
     */
    public ManagedKVSStatus aggregate(ManagedKVS resource, Findings findings, String credentialsSecret) {
        ManagedKVSStatus previous = resource.getStatus() == null ? ManagedKVSStatus.empty() : resource.getStatus();
        ConditionSet conditions = new ConditionSet(previous.conditions(), resource.getMetadata().getGeneration(), now());
        if (findings instanceof Findings.Rejected rejected) {
            return rejected(resource, previous, conditions, rejected);
        }
        String engine = previous.engine() != null ? previous.engine() : resource.getSpec().engine();
        if (findings instanceof Findings.EngineFailed failed) {
            return engineFailed(resource, previous, conditions, failed, engine, credentialsSecret);
        }
        return observed(resource, previous, conditions, (Findings.Observed) findings, engine, credentialsSecret);
    }

    private ManagedKVSStatus rejected(ManagedKVS resource, ManagedKVSStatus previous, ConditionSet conditions,
                                      Findings.Rejected rejected) {
        // Status.engine is set when a spec is first accepted, so it also tells whether anything was
        // ever applied for this instance.
        boolean everApplied = previous.engine() != null;
        if (everApplied) {
            conditions.keep(Condition.READY, Condition.UNKNOWN, rejected.reason(), "the spec was rejected; see SpecValid")
                    .keep(Condition.PROGRESSING, Condition.FALSE, Reasons.SPEC_REJECTED, "nothing changes until the spec is valid")
                    .keep(Condition.DEGRADED, Condition.UNKNOWN, rejected.reason(), "the spec was rejected; see SpecValid");
        } else {
            conditions.set(Condition.READY, Condition.FALSE, rejected.reason(), "the spec was rejected; see SpecValid")
                    .set(Condition.PROGRESSING, Condition.FALSE, Reasons.SPEC_REJECTED, "nothing is created until the spec is valid")
                    .set(Condition.DEGRADED, Condition.FALSE, Reasons.NOT_PROVISIONED, "nothing is running");
        }
        conditions.set(Condition.SPEC_VALID, Condition.FALSE, rejected.reason(), rejected.message());
        Phase phase = everApplied && previous.phase() != null ? previous.phase() : Phase.Failed;
        return new ManagedKVSStatus(resource.getMetadata().getGeneration(), phase, conditions.build(), previous.engine(),
                previous.version(), previous.dataVersion(), previous.ready(), previous.members(), previous.primary(),
                previous.endpoints(), previous.credentialsSecret(), previous.failovers(), previous.lastBackup(), previous.raftKv(),
                previous.restoredFrom(), previous.tls(), previous.restore());
    }

    private ManagedKVSStatus engineFailed(ManagedKVS resource, ManagedKVSStatus previous, ConditionSet conditions,
                                          Findings.EngineFailed failed, String engine, String credentialsSecret) {
        boolean wasServing = PhaseRules.hasServed(previous);
        if (wasServing) {
            conditions.keep(Condition.READY, Condition.UNKNOWN, Reasons.ENGINE_ERROR, failed.message());
        } else {
            conditions.set(Condition.READY, Condition.FALSE, Reasons.ENGINE_ERROR, failed.message());
        }
        conditions.set(Condition.PROGRESSING, Condition.UNKNOWN, Reasons.ENGINE_ERROR, failed.message())
                .set(Condition.DEGRADED, Condition.TRUE, Reasons.ENGINE_ERROR, failed.message())
                .set(Condition.SPEC_VALID, Condition.TRUE, Reasons.SPEC_ACCEPTED, "the spec is valid");
        Phase phase = wasServing ? Phase.Degraded : previous.phase() == Phase.Provisioning ? Phase.Provisioning : Phase.Pending;
        return new ManagedKVSStatus(resource.getMetadata().getGeneration(), phase, conditions.build(), engine,
                previous.version(), previous.dataVersion(), previous.ready(), previous.members(), previous.primary(),
                previous.endpoints(), credentialsSecret, previous.failovers(), previous.lastBackup(), previous.raftKv(),
                restoredFrom(resource, previous), tls(resource, previous), previous.restore());
    }

    private ManagedKVSStatus observed(ManagedKVS resource, ManagedKVSStatus previous, ConditionSet conditions,
                                      Findings.Observed observed, String engine, String credentialsSecret) {
        EngineStatus e = observed.engine();
        String readyText = e.membersReady() + "/" + e.membersDesired();
        List<EngineStatus.Finding> down = e.problems().stream().filter(p -> !p.serving()).toList();
        if (!down.isEmpty()) {
            conditions.set(Condition.READY, Condition.FALSE, down.get(0).reason(), join(down));
        } else if (e.membersReady() < e.membersDesired()) {
            conditions.set(Condition.READY, Condition.FALSE, Reasons.MEMBERS_NOT_READY, readyText + " members ready");
        } else if (observed.holdsReady() != null) {
            conditions.set(Condition.READY, Condition.FALSE, observed.holdsReady().reason(), observed.holdsReady().message());
        } else {
            conditions.set(Condition.READY, Condition.TRUE, Reasons.MEMBERS_READY, readyText + " members ready");
        }
        if (!e.progress().isEmpty()) {
            conditions.set(Condition.PROGRESSING, Condition.TRUE, e.progress().get(0).reason(), join(e.progress()));
        } else if (!e.rolloutDone()) {
            conditions.set(Condition.PROGRESSING, Condition.TRUE, Reasons.ROLLING_OUT, "members are moving to the current spec");
        } else {
            conditions.set(Condition.PROGRESSING, Condition.FALSE, Reasons.ROLLOUT_COMPLETE, "every member runs the current spec");
        }
        if (!e.problems().isEmpty()) {
            conditions.set(Condition.DEGRADED, Condition.TRUE, e.problems().get(0).reason(), join(e.problems()));
        } else {
            conditions.set(Condition.DEGRADED, Condition.FALSE, Reasons.HEALTHY, "no problems found");
        }
        conditions.set(Condition.SPEC_VALID, Condition.TRUE, Reasons.SPEC_ACCEPTED, "the spec is valid");

        // A version is what members run: none is recorded while no member is ready.
        String version = e.rolloutDone() && e.version() != null && e.membersReady() > 0 ? e.version() : previous.version();
        FailoverStatus failovers = e.failovers() == null ? previous.failovers()
                : new FailoverStatus(e.failovers(), e.lastFailoverTime() != null ? e.lastFailoverTime()
                : previous.failovers() == null ? null : previous.failovers().lastTime());
        return new ManagedKVSStatus(resource.getMetadata().getGeneration(),
                PhaseRules.phase(previous, e, observed.membersExist()), conditions.build(), engine,
                version, newest(newest(previous.dataVersion(), version), e.newestVersionRun()), readyText,
                new MembersStatus(e.membersDesired(), e.membersReady()), e.primary(), e.endpoints(), credentialsSecret,
                failovers, previous.lastBackup(), e.raftKv() != null ? e.raftKv() : previous.raftKv(), restoredFrom(resource, previous),
                tls(resource, previous), observed.restore() != null ? observed.restore() : previous.restore());
    }

    /**
     * The backup the instance was created from: spec.restore's, recorded when the spec is first
     * accepted (status.engine still unset), and kept from then on.
     */
    private static String restoredFrom(ManagedKVS resource, ManagedKVSStatus previous) {
        if (previous.engine() != null) {
            return previous.restoredFrom();
        }
        return resource.getSpec().restore() == null ? null : resource.getSpec().restore().backupName();
    }

    /**
     * Whether the instance serves TLS only: spec.tls.enabled when the spec is first accepted, kept from
     * then on (decision 0015). An instance accepted before this was recorded takes its spec's setting at
     * its next accepted reconcile: the CRD's transition rule kept it from changing meanwhile.
     */
    private static Boolean tls(ManagedKVS resource, ManagedKVSStatus previous) {
        if (previous.tls() != null) {
            return previous.tls();
        }
        return resource.getSpec().tls() != null && resource.getSpec().tls().enabledOrDefault();
    }

    /** The newer of two versions; a version that does not parse never replaces one that does. */
    static String newest(String a, String b) {
        if (a == null || !EngineVersion.isValid(a)) {
            return b != null && EngineVersion.isValid(b) ? b : a;
        }
        if (b == null || !EngineVersion.isValid(b)) {
            return a;
        }
        return EngineVersion.parse(b).compareTo(EngineVersion.parse(a)) > 0 ? b : a;
    }

    private static String join(List<EngineStatus.Finding> findings) {
        return String.join("; ", findings.stream().map(EngineStatus.Finding::message).filter(Objects::nonNull).toList());
    }

    private String now() {
        return DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
    }
}
