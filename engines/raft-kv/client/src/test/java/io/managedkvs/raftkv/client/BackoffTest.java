package io.managedkvs.raftkv.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofMillis(2), Duration.ofMillis(100));

    @Test
    void theBoundDoublesPerAttemptUpToTheMaximum() {
        assertThat(backoff.delayMillis(0, b -> b)).isEqualTo(2);
        assertThat(backoff.delayMillis(1, b -> b)).isEqualTo(4);
        assertThat(backoff.delayMillis(5, b -> b)).isEqualTo(64);
        assertThat(backoff.delayMillis(6, b -> b)).isEqualTo(100);
        assertThat(backoff.delayMillis(1000, b -> b)).isEqualTo(100);
    }

    @Test
    void theWaitIsDrawnBelowTheBoundAndNeverZero() {
        assertThat(backoff.delayMillis(5, b -> b / 2)).isEqualTo(32);
        assertThat(backoff.delayMillis(5, b -> 0)).isEqualTo(1);
    }

    @Test
    void badSettingsAreRefusedByName() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofMillis(1))).hasMessageContaining("base");
        assertThatThrownBy(() -> new Backoff(Duration.ofMillis(5), Duration.ofMillis(1))).hasMessageContaining("max");
    }

    @Test
    void theConfigNamesTheBadEndpoint() {
        assertThatThrownBy(() -> ClientConfig.of(List.of())).hasMessageContaining("pdEndpoints");
        assertThatThrownBy(() -> ClientConfig.of(List.of("localhost"))).hasMessageContaining("pdEndpoints: expected HOST:PORT, was 'localhost'");
        assertThatThrownBy(() -> ClientConfig.of(List.of("h:99999"))).hasMessageContaining("between 1 and 65535");
        assertThat(ClientConfig.of(List.of("127.0.0.1:2379")).callTimeout()).isEqualTo(ClientConfig.DEFAULT_CALL_TIMEOUT);
    }
}
