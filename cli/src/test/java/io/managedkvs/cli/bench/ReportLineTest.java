package io.managedkvs.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReportLineTest {

    @Test
    void theFailoverLineHasTheDocumentedFieldsInMilliseconds() {
        FailoverReport r = new FailoverReport("redis-sentinel", 10, Percentiles.of(6_200_400_000L, 6_900_000_000L, 7_400_600_000L), 2);

        assertThat(r.line()).isEqualTo("failover engine=redis-sentinel kills=10 median_ms=6900 p99_ms=7401 max_ms=7401 lost_acked_writes=2");
    }

    @Test
    void theUpgradeLineHasTheDocumentedFields() {
        UpgradeReport r = new UpgradeReport("redis-sentinel", 1, 1_203_499_999L, 0);

        assertThat(r.line()).isEqualTo("upgrade engine=redis-sentinel failovers=1 unavailability_ms=1203 lost_acked_writes=0");
    }
}
