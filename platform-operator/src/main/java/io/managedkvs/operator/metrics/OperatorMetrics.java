package io.managedkvs.operator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.managedkvs.api.engine.ResourceRef;
import io.managedkvs.api.resource.Phase;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The operator's own metrics. Names are Micrometer names; the Prometheus registry exports them with
 * underscores and unit suffixes (docs/operations.md lists the exported names dashboards use).
 * Instance-level meters are removed when the instance is deleted.
 */
@Singleton
public class OperatorMetrics {

    public static final String RECONCILIATIONS = "managedkvs.reconciliations";
    public static final String DURATION = "managedkvs.reconciliation.duration";
    public static final String ERRORS = "managedkvs.reconciliation.errors";
    public static final String INSTANCES = "managedkvs.instances";
    public static final String FAILOVERS = "managedkvs.failovers";
    public static final String MEMBERS_READY = "managedkvs.members.ready";
    public static final String MEMBERS_DESIRED = "managedkvs.members.desired";

    /** Histogram buckets of the duration: enough for quantiles on a dashboard, few enough to stay cheap. */
    private static final Duration[] BUCKETS = {Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
        Duration.ofSeconds(10), Duration.ofSeconds(30)};

    /** The engine tag for a spec.engine no engine serves; free text must not become a tag value. */
    public static final String UNKNOWN_ENGINE = "unknown";

    /** The outcome of one reconcile, as the {@code result} tag. */
    public enum Result {
        success, invalid, error
    }

    private final MeterRegistry registry;
    private final Map<ResourceRef, InstanceMeters> instances = new ConcurrentHashMap<>();
    private final Set<String> enginesWithPhaseGauges = ConcurrentHashMap.newKeySet();

    @Inject
    public OperatorMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void reconciled(String engine, Result result, Duration took) {
        Counter.builder(RECONCILIATIONS).description("Reconciliations of ManagedKVS resources, by engine and result")
                .tags("engine", engine, "result", result.name()).register(registry).increment();
        Timer.builder(DURATION).description("How long reconciliations take, by engine")
                .tags("engine", engine)
                .serviceLevelObjectives(BUCKETS)
                .register(registry).record(took);
    }

    public void error(String engine) {
        Counter.builder(ERRORS).description("Reconciliations that failed with an engine or API error, by engine")
                .tags("engine", engine).register(registry).increment();
    }

    /**
     * Records the state of one instance after a reconcile.
     *
     * @param failoversObserved the cumulative failover count the engine reports, or null; the first
     *                          value seen for an instance (or {@code failoversBaseline}) is the baseline
     *                          so that a restarted operator does not count old failovers again
     */
    public void instance(ResourceRef ref, String engine, Phase phase, int membersReady, int membersDesired,
                         Long failoversObserved, Long failoversBaseline) {
        registerPhaseGauges(engine);
        InstanceMeters meters = instances.compute(ref, (key, existing) -> existing != null && existing.engine.equals(engine)
                ? existing : replace(existing, new InstanceMeters(registry, key, engine, failoversBaseline)));
        meters.phase = phase;
        meters.ready.set(membersReady);
        meters.desired.set(membersDesired);
        meters.countFailovers(failoversObserved);
    }

    /** Drops the meters of a deleted instance. */
    public void forget(ResourceRef ref) {
        InstanceMeters meters = instances.remove(ref);
        if (meters != null) {
            meters.remove(registry);
        }
    }

    private InstanceMeters replace(InstanceMeters old, InstanceMeters fresh) {
        if (old != null) {
            old.remove(registry);
        }
        return fresh;
    }

    private void registerPhaseGauges(String engine) {
        if (enginesWithPhaseGauges.add(engine)) {
            for (Phase phase : Phase.values()) {
                Gauge.builder(INSTANCES, this, m -> m.count(engine, phase))
                        .description("ManagedKVS instances known to this operator, by engine and phase")
                        .tags("engine", engine, "phase", phase.name())
                        .register(registry);
            }
        }
    }

    private double count(String engine, Phase phase) {
        return instances.values().stream().filter(m -> m.engine.equals(engine) && m.phase == phase).count();
    }

    /** The meters of one instance; the gauges read the atomics held here. */
    private static final class InstanceMeters {
        final String engine;
        final AtomicInteger ready = new AtomicInteger();
        final AtomicInteger desired = new AtomicInteger();
        final Counter failovers;
        final List<Meter> meters = new ArrayList<>();
        volatile Phase phase;
        Long lastFailovers;

        InstanceMeters(MeterRegistry registry, ResourceRef ref, String engine, Long failoversBaseline) {
            this.engine = engine;
            this.lastFailovers = failoversBaseline;
            Tags tags = Tags.of("engine", engine, "namespace", ref.namespace(), "instance", ref.name());
            meters.add(Gauge.builder(MEMBERS_READY, ready, AtomicInteger::get)
                    .description("Data members ready, per instance").tags(tags).register(registry));
            meters.add(Gauge.builder(MEMBERS_DESIRED, desired, AtomicInteger::get)
                    .description("Data members desired, per instance").tags(tags).register(registry));
            failovers = Counter.builder(FAILOVERS).description("Primary changes observed, per instance")
                    .tags(tags).register(registry);
            meters.add(failovers);
        }

        synchronized void countFailovers(Long observed) {
            if (observed == null) {
                return;
            }
            if (lastFailovers != null && observed > lastFailovers) {
                failovers.increment(observed - lastFailovers);
            }
            lastFailovers = observed;
        }

        void remove(MeterRegistry registry) {
            meters.forEach(registry::remove);
        }
    }
}
