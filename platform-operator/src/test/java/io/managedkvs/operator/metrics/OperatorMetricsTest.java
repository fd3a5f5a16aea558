package io.managedkvs.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedkvs.api.engine.ResourceRef;
import io.managedkvs.api.resource.Phase;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The exported names are a contract with the dashboards: docs/operations.md lists them. */
class OperatorMetricsTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final OperatorMetrics metrics = new OperatorMetrics(registry);
    private final ResourceRef cache = new ResourceRef("apps", "cache");

    @Test
    void exportsTheDocumentedNames() {
        metrics.reconciled("redis-sentinel", OperatorMetrics.Result.success, Duration.ofMillis(30));
        metrics.reconciled("redis-sentinel", OperatorMetrics.Result.invalid, Duration.ofMillis(3));
        metrics.error("redis-sentinel");
        metrics.instance(cache, "redis-sentinel", Phase.Ready, 2, 3, 0L, null);

        assertThat(registry.scrape())
                .contains("managedkvs_reconciliations_total{engine=\"redis-sentinel\",result=\"success\",} 1.0")
                .contains("managedkvs_reconciliations_total{engine=\"redis-sentinel\",result=\"invalid\",} 1.0")
                .contains("managedkvs_reconciliation_duration_seconds_count{engine=\"redis-sentinel\",} 2.0")
                .contains("managedkvs_reconciliation_duration_seconds_bucket{engine=\"redis-sentinel\",le=\"0.05\",} 2.0")
                .contains("managedkvs_reconciliation_duration_seconds_sum{engine=\"redis-sentinel\",}")
                .contains("managedkvs_reconciliation_errors_total{engine=\"redis-sentinel\",} 1.0")
                .contains("managedkvs_instances{engine=\"redis-sentinel\",phase=\"Ready\",} 1.0")
                .contains("managedkvs_instances{engine=\"redis-sentinel\",phase=\"Failed\",} 0.0")
                .contains("managedkvs_members_ready{engine=\"redis-sentinel\",instance=\"cache\",namespace=\"apps\",} 2.0")
                .contains("managedkvs_members_desired{engine=\"redis-sentinel\",instance=\"cache\",namespace=\"apps\",} 3.0")
                .contains("managedkvs_failovers_total{engine=\"redis-sentinel\",instance=\"cache\",namespace=\"apps\",} 0.0");
    }

    @Test
    void failoversCountTheIncreaseOverTheBaselineOnly() {
        metrics.instance(cache, "redis-sentinel", Phase.Ready, 3, 3, 5L, 5L);
        metrics.instance(cache, "redis-sentinel", Phase.Ready, 3, 3, 7L, 5L);
        metrics.instance(cache, "redis-sentinel", Phase.Ready, 3, 3, 7L, 5L);
        metrics.instance(cache, "redis-sentinel", Phase.Ready, 3, 3, null, 5L);

        assertThat(registry.get(OperatorMetrics.FAILOVERS).counter().count()).isEqualTo(2.0);
    }

    @Test
    void phasesCountInstancesAndForgetRemovesAnInstance() {
        ResourceRef other = new ResourceRef("apps", "other");
        metrics.instance(cache, "raft-kv", Phase.Provisioning, 0, 3, null, null);
        metrics.instance(other, "raft-kv", Phase.Provisioning, 0, 3, null, null);
        metrics.instance(cache, "raft-kv", Phase.Ready, 3, 3, null, null);

        assertThat(registry.get(OperatorMetrics.INSTANCES).tags("engine", "raft-kv", "phase", "Provisioning").gauge().value()).isEqualTo(1.0);
        assertThat(registry.get(OperatorMetrics.INSTANCES).tags("engine", "raft-kv", "phase", "Ready").gauge().value()).isEqualTo(1.0);

        metrics.forget(cache);

        assertThat(registry.get(OperatorMetrics.INSTANCES).tags("engine", "raft-kv", "phase", "Ready").gauge().value()).isEqualTo(0.0);
        assertThat(registry.scrape()).doesNotContain("instance=\"cache\"").contains("instance=\"other\"");
    }
}
