package io.managedkvs.redis.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedkvs.api.resource.SentinelSpec;
import org.junit.jupiter.api.Test;

class SentinelSettingsTest {

    @Test
    void everySettingHasItsOwnDefault() {
        SentinelSettings s = SentinelSettings.of(null);

        assertThat(s.replicas()).isEqualTo(3);
        assertThat(s.quorum()).isEqualTo(2);
        assertThat(s.downAfterMilliseconds()).isEqualTo(SentinelSettings.DEFAULT_DOWN_AFTER_MILLISECONDS);
        assertThat(s.failoverTimeout()).isEqualTo(SentinelSettings.DEFAULT_FAILOVER_TIMEOUT);
        assertThat(s.parallelSyncs()).isEqualTo(SentinelSettings.DEFAULT_PARALLEL_SYNCS);
    }

    // Regression: setting only down-after-milliseconds must never reset failover-timeout, and vice versa.
    @Test
    void settingDownAfterLeavesFailoverTimeoutAndTheOthersAtTheirDefaults() {
        SentinelSettings s = SentinelSettings.of(new SentinelSpec(null, null, 1234, null, null, null));

        assertThat(s.downAfterMilliseconds()).isEqualTo(1234);
        assertThat(s).isEqualTo(SentinelSettings.of(null).withDownAfterMilliseconds(1234));
    }

    @Test
    void settingFailoverTimeoutLeavesDownAfterAndTheOthersAtTheirDefaults() {
        SentinelSettings s = SentinelSettings.of(new SentinelSpec(null, null, null, 99_000, null, null));

        assertThat(s).isEqualTo(SentinelSettings.of(null).withFailoverTimeout(99_000));
    }

    @Test
    void settingQuorumOrParallelSyncsChangesNothingElse() {
        SentinelSettings defaults = SentinelSettings.of(null);
        SentinelSettings q = SentinelSettings.of(new SentinelSpec(null, 3, null, null, null, null));
        SentinelSettings p = SentinelSettings.of(new SentinelSpec(null, null, null, null, 2, null));

        assertThat(q).isEqualTo(new SentinelSettings(3, 3, defaults.downAfterMilliseconds(), defaults.failoverTimeout(), defaults.parallelSyncs()));
        assertThat(p).isEqualTo(new SentinelSettings(3, 2, defaults.downAfterMilliseconds(), defaults.failoverTimeout(), 2));
    }

    @Test
    void quorumDefaultsToAMajorityOfTheSentinels() {
        assertThat(SentinelSettings.of(new SentinelSpec(5, null, null, null, null, null)).quorum()).isEqualTo(3);
        assertThat(SentinelSettings.of(new SentinelSpec(1, null, null, null, null, null)).quorum()).isEqualTo(1);
        assertThat(SentinelSettings.of(new SentinelSpec(4, null, null, null, null, null)).quorum()).isEqualTo(3);
    }

    @Test
    void sentinelSetArgumentsUseSentinelsOwnNames() {
        assertThat(SentinelSettings.of(null).asSentinelSet()).containsOnlyKeys("quorum", "down-after-milliseconds", "failover-timeout", "parallel-syncs")
                .containsEntry("down-after-milliseconds", "5000");
    }
}
