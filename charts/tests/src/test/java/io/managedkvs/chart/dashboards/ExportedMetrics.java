package io.managedkvs.chart.dashboards;

import io.managedkvs.api.engine.ResourceRef;
import io.managedkvs.api.resource.Phase;
import io.managedkvs.operator.metrics.OperatorMetrics;
import io.managedkvs.raftkv.pd.status.PdGauges;
import io.managedkvs.raftkv.store.metrics.StoreMetrics;
import io.managedkvs.scheduler.cache.PlacementCache;
import io.managedkvs.scheduler.metrics.ExtenderMetrics;
import io.managedkvs.scheduler.policy.Decision;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The metric names our code exports, taken from the code itself: the operator's and the extender's
 * metrics classes are exercised against the Prometheus registry the applications use, and the names
 * are read from its scrape, as are the raft-kv store's and placement driver's. The redis_exporter names come from a checked-in list that cites the
 * exporter's source.
 */
final class ExportedMetrics {

    private ExportedMetrics() {
    }

    static Set<String> operator() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        OperatorMetrics metrics = new OperatorMetrics(registry);
        ResourceRef ref = new ResourceRef("shop", "cache");
        metrics.reconciled("redis-sentinel", OperatorMetrics.Result.success, Duration.ofMillis(30));
        metrics.error("redis-sentinel");
        metrics.instance(ref, "redis-sentinel", Phase.Ready, 3, 3, 0L, 0L);
        metrics.instance(ref, "redis-sentinel", Phase.Ready, 3, 3, 1L, 0L);
        return names(registry.scrape());
    }

    static Set<String> extender() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ExtenderMetrics metrics = new ExtenderMetrics(registry, new PlacementCache(Duration.ofMinutes(10)));
        metrics.request(ExtenderMetrics.Verb.FILTER, ExtenderMetrics.Mode.NAMES, ExtenderMetrics.Outcome.OK, 250_000);
        metrics.decision(ExtenderMetrics.Verb.FILTER, Decision.values()[0]);
        return names(registry.scrape());
    }

    /** A raft-kv store's meters, as its status server scrapes them. */
    static Set<String> raftKvStore() {
        StoreMetrics metrics = new StoreMetrics();
        metrics.bindRegions(() -> 1, () -> 1);
        metrics.appendLatency.record(Duration.ofMillis(1));
        metrics.applyLatency.record(Duration.ofMillis(1));
        return names(metrics.scrape());
    }

    /** A placement driver member's gauges. */
    static Set<String> placementDriver() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new PdGauges(registry);
        return names(registry.scrape());
    }

    static Set<String> redisExporter() {
        try {
            return Files.readAllLines(Path.of("src", "test", "resources", "redis-exporter-metrics.txt")).stream()
                    .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sample names of a Prometheus text exposition. */
    static Set<String> names(String scrape) {
        return scrape.lines().filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> l.split("[{ ]", 2)[0])
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
