package io.managedkvs.scheduler.metrics;

import io.managedkvs.scheduler.cache.PlacementCache;
import io.managedkvs.scheduler.policy.Decision;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * The extender's metrics, per verb: request latency (with a histogram, for p50/p99 in Prometheus) by
 * request mode and outcome, and the decisions taken. Every meter is registered up front, so recording
 * on the request path is an array lookup.
 */
public final class ExtenderMetrics {

    /** The extender verbs. */
    public enum Verb { FILTER, PRIORITIZE }

    /** How candidates were sent: by name (node-cache mode), as full node objects, or not readable. */
    public enum Mode { NAMES, NODES, UNKNOWN }

    /** How a request ended. */
    public enum Outcome { OK, BAD_REQUEST, INTERNAL_ERROR }

    private final Timer[][][] latency = new Timer[Verb.values().length][Mode.values().length][Outcome.values().length];
    private final Counter[][] decisions = new Counter[Verb.values().length][Decision.values().length];

    public ExtenderMetrics(MeterRegistry registry, PlacementCache cache) {
        for (Verb verb : Verb.values()) {
            for (Mode mode : Mode.values()) {
                for (Outcome outcome : Outcome.values()) {
                    latency[verb.ordinal()][mode.ordinal()][outcome.ordinal()] = Timer.builder("managedkvs.scheduler.request")
                            .description("Time to answer one kube-scheduler extender request, from the body read to the answer")
                            .tag("verb", tag(verb)).tag("mode", tag(mode)).tag("outcome", tag(outcome))
                            .publishPercentileHistogram()
                            .register(registry);
                }
            }
            for (Decision d : Decision.values()) {
                decisions[verb.ordinal()][d.ordinal()] = Counter.builder("managedkvs.scheduler.decisions")
                        .description("Placement decisions of the extender")
                        .tag("verb", tag(verb)).tag("decision", d.tag())
                        .register(registry);
            }
        }
        Gauge.builder("managedkvs.scheduler.cache.pods", cache, PlacementCache::podCount)
                .description("Pods of managed instances in the cache").register(registry);
        Gauge.builder("managedkvs.scheduler.cache.nodes", cache, PlacementCache::nodeCount)
                .description("Nodes in the cache").register(registry);
        Gauge.builder("managedkvs.scheduler.cache.groups", cache, PlacementCache::groupCount)
                .description("Components of managed instances with members in the cache").register(registry);
        Gauge.builder("managedkvs.scheduler.reservations", cache, PlacementCache::reservationCount)
                .description("Nodes chosen by the extender whose binding the cache has not seen yet").register(registry);
    }

    public void request(Verb verb, Mode mode, Outcome outcome, long nanos) {
        latency[verb.ordinal()][mode.ordinal()][outcome.ordinal()].record(nanos, TimeUnit.NANOSECONDS);
    }

    public void decision(Verb verb, Decision decision) {
        decisions[verb.ordinal()][decision.ordinal()].increment();
    }

    private static String tag(Enum<?> e) {
        return e.name().toLowerCase().replace('_', '-');
    }
}
