package io.managedkvs.operator.reconcile;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.managedkvs.api.engine.KvsEngine;
import io.managedkvs.api.engine.ResourceRef;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.validation.CommonSpecValidator;
import io.managedkvs.operator.credentials.PasswordGenerator;
import io.managedkvs.operator.engine.EngineRegistry;
import io.managedkvs.operator.engine.ReconcileTriggerSource;
import io.managedkvs.operator.metrics.OperatorMetrics;
import io.managedkvs.operator.resources.DriftBaseline;
import io.managedkvs.operator.resources.InformerSources;
import io.managedkvs.operator.resources.ResourceApplier;
import io.managedkvs.operator.status.StatusAggregator;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The one reconciler: for each ManagedKVS it picks the engine, validates, applies the engine's
 * desired resources, prunes what is no longer desired, lets the engine observe and act, and writes
 * the status (see {@link InstanceReconcile} for the steps). Its name, {@value #NAME}, is what
 * {@code quarkus.operator-sdk.controllers.managedkvs.*} configures, such as the watched namespaces.
 */
@ControllerConfiguration(name = ManagedKvsReconciler.NAME,
        fieldManager = ResourceApplier.FIELD_MANAGER,
        // Also called for deletions, without a finalizer, to drop the instance's metrics and let
        // its engine forget it; Kubernetes garbage-collects the owned objects.
        triggerReconcilerOnAllEvents = true,
        // A safety net only: reconciles reschedule themselves (ReconcileSettings).
        maxReconciliationInterval = @MaxReconciliationInterval(interval = 10, timeUnit = TimeUnit.MINUTES))
public class ManagedKvsReconciler implements Reconciler<ManagedKVS> {

    public static final String NAME = "managedkvs";

    private static final Logger LOG = Logger.getLogger(ManagedKvsReconciler.class);

    private final EngineRegistry engines;
    private final ReconcileTriggerSource trigger;
    private final OperatorMetrics metrics;
    private final ReconcileSettings settings;
    private final Clock clock;
    private final SpecCheck specCheck;
    private final StatusAggregator aggregator;
    private final PasswordGenerator passwords = new PasswordGenerator();
    private final DriftBaseline driftBaseline = new DriftBaseline();
    private final AtomicLong reconciliations = new AtomicLong();

    @Inject
    public ManagedKvsReconciler(EngineRegistry engines, ReconcileTriggerSource trigger, OperatorMetrics metrics,
                                ReconcileSettings settings) {
        this(engines, trigger, metrics, settings, Clock.systemUTC());
    }

    public ManagedKvsReconciler(EngineRegistry engines, ReconcileTriggerSource trigger, OperatorMetrics metrics,
                                ReconcileSettings settings, Clock clock) {
        this.engines = engines;
        this.trigger = trigger;
        this.metrics = metrics;
        this.settings = settings;
        this.clock = clock;
        this.specCheck = new SpecCheck(engines, new CommonSpecValidator());
        this.aggregator = new StatusAggregator(clock);
    }

    @Override
    public List<EventSource<?, ManagedKVS>> prepareEventSources(EventSourceContext<ManagedKVS> context) {
        List<EventSource<?, ManagedKVS>> sources = new ArrayList<>(InformerSources.create(context));
        sources.add(trigger.eventSource());
        return sources;
    }

    @Override
    public UpdateControl<ManagedKVS> reconcile(ManagedKVS resource, Context<ManagedKVS> context) {
        ResourceRef ref = ResourceRef.of(resource);
        String engineTag = engineTag(resource);
        if (context.isPrimaryResourceDeleted()) {
            return forget(resource, ref, engineTag);
        }
        Reconciliation reconciliation = new Reconciliation(reconciliations.incrementAndGet(), triggerOf(ref, context), ref);
        long start = System.nanoTime();
        try (Reconciliation.Scope scope = reconciliation.open(engineTag)) {
            try {
                InstanceReconcile.Outcome outcome = new InstanceReconcile(resource, context, specCheck, aggregator, metrics,
                        settings, passwords, clock, engineTag, driftBaseline).run();
                metrics.reconciled(engineTag, outcome.result(), Duration.ofNanos(System.nanoTime() - start));
                LOG.debugf("done: %s, next in %s", outcome.result(), outcome.next());
                return UpdateControl.<ManagedKVS>noUpdate().rescheduleAfter(outcome.next());
            } catch (RuntimeException e) {
                metrics.error(engineTag);
                metrics.reconciled(engineTag, OperatorMetrics.Result.error, Duration.ofNanos(System.nanoTime() - start));
                LOG.warnf("failed, will retry: %s", e.toString());
                throw e;
            }
        }
    }

    private UpdateControl<ManagedKVS> forget(ManagedKVS resource, ResourceRef ref, String engineTag) {
        Reconciliation reconciliation = new Reconciliation(reconciliations.incrementAndGet(), "delete", ref);
        try (Reconciliation.Scope scope = reconciliation.open(engineTag)) {
            metrics.forget(ref);
            driftBaseline.forget(ref);
            trigger.consume(ref);
            engines.find(resource.getSpec() == null ? null : resource.getSpec().engine()).ifPresent(engine -> forget(engine, ref));
            LOG.info("deleted; Kubernetes removes the owned objects, PersistentVolumeClaims are kept");
        }
        return UpdateControl.noUpdate();
    }

    private static void forget(KvsEngine<?> engine, ResourceRef ref) {
        try {
            engine.forget(ref);
        } catch (RuntimeException e) {
            LOG.warnf("engine %s failed to forget the instance: %s", engine.name(), e.getClass().getSimpleName());
        }
    }

    private String triggerOf(ResourceRef ref, Context<ManagedKVS> context) {
        boolean requested = trigger.consume(ref);
        if (context.getRetryInfo().isPresent()) {
            return "retry";
        }
        return requested ? "engine" : "event";
    }

    /** The engine as a metrics tag: a known engine's name, else {@value OperatorMetrics#UNKNOWN_ENGINE}. */
    private String engineTag(ManagedKVS resource) {
        String name = resource.getSpec() == null ? null : resource.getSpec().engine();
        return engines.find(name).map(KvsEngine::name).orElse(OperatorMetrics.UNKNOWN_ENGINE);
    }
}
