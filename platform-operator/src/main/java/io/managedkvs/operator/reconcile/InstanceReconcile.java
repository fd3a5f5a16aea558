package io.managedkvs.operator.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.managedkvs.api.engine.BackupCapable;
import io.managedkvs.api.engine.ClusterChange;
import io.managedkvs.api.engine.ClusterView;
import io.managedkvs.api.engine.Credentials;
import io.managedkvs.api.engine.EngineStatus;
import io.managedkvs.api.engine.KvsEngine;
import io.managedkvs.api.engine.ResourceRef;
import io.managedkvs.api.engine.SpecViolation;
import io.managedkvs.api.engine.TlsCapable;
import io.managedkvs.api.engine.TlsMaterial;
import io.managedkvs.api.resource.Condition;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.resource.ManagedKVSBackup;
import io.managedkvs.operator.backup.LastBackup;
import io.managedkvs.api.resource.ManagedKVSStatus;
import io.managedkvs.api.resource.Phase;
import io.managedkvs.api.resource.TlsSpec;
import io.managedkvs.operator.backup.BackupScheduling;
import io.managedkvs.operator.backup.RestoreJob;
import io.managedkvs.operator.backup.RestoreProblems;
import io.managedkvs.operator.credentials.CredentialsOutcome;
import io.managedkvs.operator.credentials.CredentialsResolver;
import io.managedkvs.operator.credentials.PasswordGenerator;
import io.managedkvs.operator.events.EventRecorder;
import io.managedkvs.operator.members.ClusterChangeExecutor;
import io.managedkvs.operator.members.ClusterViewBuilder;
import io.managedkvs.operator.metrics.OperatorMetrics;
import io.managedkvs.operator.resources.ClusterCache;
import io.managedkvs.operator.resources.DesiredResources;
import io.managedkvs.operator.resources.DriftBaseline;
import io.managedkvs.operator.resources.Pruner;
import io.managedkvs.operator.resources.ResourceApplier;
import io.managedkvs.operator.resources.ResourceKey;
import io.managedkvs.operator.status.Findings;
import io.managedkvs.operator.status.Reasons;
import io.managedkvs.operator.status.StatusAggregator;
import io.managedkvs.operator.status.TransitionEvents;
import io.managedkvs.operator.tls.TlsSecretCheck;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The steps of one reconcile of one ManagedKVS:
 * <ol>
 *   <li>check the spec (common checks, engine lookup, engine checks); a rejected spec changes
 *       nothing but the status;</li>
 *   <li>find the credentials, creating the generated Secret when it is missing;</li>
 *   <li>apply the engine's desired resources (server-side apply, skipped when unchanged), then prune
 *       owned objects no longer desired;</li>
 *   <li>build the cluster view from the caches; the engine observes, acts, and reports;</li>
 *   <li>aggregate the status, write it only if it changed, and record Events for transitions.</li>
 * </ol>
 * Kubernetes API failures propagate (the Operator SDK retries with back-off); engine failures are
 * recorded in the status and the reconcile is rescheduled.
 */
final class InstanceReconcile {

    private static final Logger LOG = Logger.getLogger(InstanceReconcile.class);

    /** How the reconcile ended and when to run again. */
    record Outcome(OperatorMetrics.Result result, Duration next) {
    }

    private final ManagedKVS resource;
    private final Context<ManagedKVS> context;
    private final SpecCheck specCheck;
    private final StatusAggregator aggregator;
    private final OperatorMetrics metrics;
    private final ReconcileSettings settings;
    private final PasswordGenerator passwords;
    private final String engineTag;
    private final ClusterCache cache;
    private final EventRecorder events;
    private final DriftBaseline driftBaseline;
    private final Clock clock;

    InstanceReconcile(ManagedKVS resource, Context<ManagedKVS> context, SpecCheck specCheck, StatusAggregator aggregator,
                      OperatorMetrics metrics, ReconcileSettings settings, PasswordGenerator passwords, Clock clock,
                      String engineTag, DriftBaseline driftBaseline) {
        this.resource = resource;
        this.context = context;
        this.specCheck = specCheck;
        this.aggregator = aggregator;
        this.metrics = metrics;
        this.settings = settings;
        this.passwords = passwords;
        this.engineTag = engineTag;
        this.driftBaseline = driftBaseline;
        this.clock = clock;
        this.cache = new ClusterCache(context);
        this.events = new EventRecorder(context.getClient(), clock);
    }

    Outcome run() {
        SpecCheck.Verdict verdict;
        try {
            verdict = specCheck.check(resource);
        } catch (RuntimeException e) {
            return engineFailed("validate", e, Optional.empty(), null);
        }
        if (verdict.rejection().isPresent()) {
            Findings.Rejected rejected = verdict.rejection().get();
            LOG.warnf("spec rejected (%s): %s", rejected.reason(), rejected.message());
            return finish(rejected, null, OperatorMetrics.Result.invalid, settings.resyncInterval());
        }
        KvsEngine<?> engine = verdict.engine().orElseThrow();

        CredentialsOutcome credentialsOutcome = new CredentialsResolver(context, cache, passwords).resolve(resource);
        if (credentialsOutcome instanceof CredentialsOutcome.Unavailable unavailable) {
            Findings.Rejected rejected = new Findings.Rejected(Reasons.CREDENTIALS_UNAVAILABLE, List.of(unavailable.violation()));
            LOG.warnf("credentials unavailable: %s", rejected.message());
            // The named Secret may appear at any time and carries no label that would wake us.
            return finish(rejected, null, OperatorMetrics.Result.invalid, settings.progressingInterval());
        }
        Optional<Credentials> credentials = ((CredentialsOutcome.Available) credentialsOutcome).credentials();
        TlsSecret tlsSecret = tlsSecret(engine);
        if (tlsSecret.problem().isPresent()) {
            Findings.Rejected rejected = new Findings.Rejected(Reasons.TLS_SECRET_INVALID,
                    List.of(new SpecViolation("spec.tls.secretName", tlsSecret.problem().get())));
            LOG.warnf("TLS Secret refused, nothing rolled: %s", rejected.message());
            // Like a named credentials Secret, it carries no label that would wake us when it is fixed.
            return finish(rejected, null, OperatorMetrics.Result.invalid, settings.progressingInterval());
        }
        String secretName = credentials.map(Credentials::secretName).orElse(null);

        List<HasMetadata> desired;
        try {
            desired = DesiredResources.prepare(resource, engine.desiredResources(resource));
        } catch (RuntimeException e) {
            return engineFailed("desiredResources", e, credentials, secretName);
        }
        ResourceApplier.Report applied = new ResourceApplier(context, cache, driftBaseline).apply(resource, desired);
        if (!applied.written().isEmpty()) {
            LOG.infof("applied %d of %d resources: %s", applied.written().size(), desired.size(), applied.written());
        }
        applied.reverted().forEach((key, paths) -> {
            String message = key + " was changed outside the operator at " + String.join(", ", paths) + "; restored";
            LOG.warn(message);
            events.warning(resource, Reasons.DRIFT_REVERTED, message);
        });
        Set<ResourceKey> desiredKeys = desired.stream().map(ResourceKey::of).collect(Collectors.toSet());
        List<ResourceKey> pruned = new Pruner(context.getClient(), cache).prune(resource, desiredKeys);
        if (!pruned.isEmpty()) {
            LOG.infof("pruned %d resources no longer desired: %s", pruned.size(), pruned);
            pruned.forEach(key -> driftBaseline.forget(ResourceRef.of(resource), key));
        }

        ClusterView view = ClusterViewBuilder.build(cache.ofInstance(Pod.class, resource), controlled(StatefulSet.class), credentials,
                tlsSecret.material());
        Outcome outcome = runEngine(engine, view, credentials, secretName);
        // After the engine: a due backup is created whatever the instance's state; its reconciler waits for Ready.
        Optional<Duration> untilBackup = new BackupScheduling(context.getClient(), clock).run(resource);
        return untilBackup.filter(d -> d.compareTo(outcome.next()) < 0)
                .map(d -> new Outcome(outcome.result(), d.plusSeconds(1)))
                .orElse(outcome);
    }

    private <O> Outcome runEngine(KvsEngine<O> engine, ClusterView view, Optional<Credentials> credentials, String secretName) {
        O observation;
        List<ClusterChange> changes;
        String step = "observe";
        try {
            observation = engine.observe(resource, view);
            step = "act";
            changes = engine.act(resource, view, observation);
        } catch (RuntimeException e) {
            return engineFailed(step, e, credentials, secretName);
        }
        // API failures here propagate: the Operator SDK retries, and the engine acts again on a fresh view.
        int changed = new ClusterChangeExecutor(context, cache, events).execute(resource, view, changes);
        EngineStatus status;
        try {
            status = withRestoreProblems(engine.status(resource, view, observation));
        } catch (RuntimeException e) {
            return engineFailed("status", e, credentials, secretName);
        }
        // API failures here propagate too: a restore Job is created at most once, and its outcome is read again next time.
        Optional<RestoreJob.Step> restore = engine instanceof BackupCapable capable
                ? new RestoreJob(context.getClient(), events, clock).advance(resource, capable, status, cache.ofInstance(Pod.class, resource))
                : Optional.empty();
        Findings.Observed observed = restore.map(r -> new Findings.Observed(withRestoreStep(status, r), !view.members().isEmpty(),
                r.progress().orElse(null), r.status())).orElse(new Findings.Observed(status, !view.members().isEmpty()));
        Outcome outcome = finish(observed, secretName, OperatorMetrics.Result.success, null);
        // Members just changed (labels, restarts): look again soon rather than at the next resync.
        return changed > 0 ? new Outcome(outcome.result(), settings.progressingInterval()) : outcome;
    }

    /**
     * spec.tls's Secret, checked before anything is rendered from it: what is wrong with it, or its
     * content for the engine's own calls to its members; neither when TLS is off.
     */
    private record TlsSecret(Optional<String> problem, Optional<TlsMaterial> material) {
        static final TlsSecret NONE = new TlsSecret(Optional.empty(), Optional.empty());
    }

    private TlsSecret tlsSecret(KvsEngine<?> engine) {
        TlsSpec tls = resource.getSpec().tls();
        if (!(engine instanceof TlsCapable capable) || tls == null || !tls.enabledOrDefault()) {
            return TlsSecret.NONE;
        }
        Secret secret = context.getClient().secrets().inNamespace(resource.getMetadata().getNamespace()).withName(tls.secretName()).get();
        if (secret == null) {
            return new TlsSecret(Optional.of("there is no Secret " + tls.secretName() + " in namespace " + resource.getMetadata().getNamespace()),
                    Optional.empty());
        }
        Optional<String> problem = TlsSecretCheck.problem(tls.secretName(), secret.getData(), capable.tlsSecretKeys(), clock.instant());
        if (problem.isPresent()) {
            return new TlsSecret(problem, Optional.empty());
        }
        return new TlsSecret(Optional.empty(), Optional.of(new TlsMaterial(tls.secretName(), decoded(secret, TlsSecretCheck.CERT),
                decoded(secret, TlsSecretCheck.KEY), decoded(secret, TlsSecretCheck.CA))));
    }

    private static String decoded(Secret secret, String key) {
        String value = secret.getData().get(key);
        return value == null ? null : new String(java.util.Base64.getDecoder().decode(value.strip()), java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** A restore Job's failure comes first among the problems, and its progress after the engine's own. */
    private static EngineStatus withRestoreStep(EngineStatus status, RestoreJob.Step step) {
        return status.withProblemsFirst(step.problems()).withProgressLast(step.progress().stream().toList());
    }

    /** A restore that failed (for example a backup refused by its checksum) makes the instance fail, whatever the engine saw. */
    private EngineStatus withRestoreProblems(EngineStatus status) {
        List<EngineStatus.Finding> restore = RestoreProblems.of(resource, cache.ofInstance(Pod.class, resource));
        if (restore.isEmpty()) {
            return status;
        }
        return status.withProblemsFirst(restore);
    }

    private Outcome engineFailed(String step, RuntimeException e, Optional<Credentials> credentials, String secretName) {
        String message = EngineFailure.message(engineTag, step, e, credentials);
        if (EngineFailure.mentionsSecret(e, credentials)) {
            LOG.warn(message);
        } else {
            LOG.warn(message, e);
        }
        metrics.error(engineTag);
        return finish(new Findings.EngineFailed(message), secretName, OperatorMetrics.Result.error, settings.progressingInterval());
    }

    /**
     * Writes the aggregated status if it changed, records transition Events and instance metrics.
     *
     * @param next when to reconcile again, or null to decide from the new status
     */
    private Outcome finish(Findings findings, String secretName, OperatorMetrics.Result result, Duration next) {
        ManagedKVSStatus before = resource.getStatus();
        ManagedKVSStatus after = withLastBackup(aggregator.aggregate(resource, findings, secretName));
        if (!after.equals(before)) {
            new StatusWriter(context).write(resource, after);
        }
        for (TransitionEvents.PlannedEvent event : TransitionEvents.between(
                before == null ? List.of() : before.conditions(), after.conditions())) {
            events.record(resource, event.type(), event.reason(), event.message());
        }
        Long failoversBefore = before == null || before.failovers() == null ? null : before.failovers().count();
        metrics.instance(ResourceRef.of(resource), engineTag, after.phase(),
                after.members() == null || after.members().ready() == null ? 0 : after.members().ready(),
                after.members() == null || after.members().desired() == null ? 0 : after.members().desired(),
                after.failovers() == null ? null : after.failovers().count(), failoversBefore);
        return new Outcome(result, next != null ? next : settled(after) ? settings.resyncInterval() : settings.progressingInterval());
    }

    private ManagedKVSStatus withLastBackup(ManagedKVSStatus status) {
        return LastBackup.of(resource.getMetadata().getName(),
                        cache.list(ManagedKVSBackup.class, resource.getMetadata().getNamespace(), b -> true))
                .map(status::withLastBackup).orElse(status);
    }

    private static boolean settled(ManagedKVSStatus status) {
        return status.phase() == Phase.Ready
                && status.condition(Condition.PROGRESSING).map(c -> Condition.FALSE.equals(c.status())).orElse(false);
    }

    private <R extends HasMetadata> List<R> controlled(Class<R> type) {
        return cache.ofInstance(type, resource).stream().filter(o -> DesiredResources.controlledBy(o, resource)).toList();
    }
}
