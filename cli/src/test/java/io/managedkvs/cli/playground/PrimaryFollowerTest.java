package io.managedkvs.cli.playground;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedkvs.redis.actuator.Endpoint;
import io.managedkvs.redis.actuator.Topology;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrimaryFollowerTest {

    private static final Topology TOPOLOGY = new Topology("pg",
            List.of(Endpoint.of("pg-redis-0", "127.0.0.1", 7001), Endpoint.of("pg-redis-1", "127.0.0.1", 7002)),
            List.of(Endpoint.of("pg-sentinel-0", "127.0.0.1", 7003)));

    @Test
    void aSwitchNamesTheNewPrimaryByItsAddress() {
        assertThat(PrimaryFollower.parseSwitch("pg 127.0.0.1 7001 127.0.0.1 7002", TOPOLOGY))
                .map(Endpoint::name).contains("pg-redis-1");
    }

    @Test
    void aSwitchOfAnotherMasterOrOfAnUnknownAddressOrMalformedIsIgnored() {
        assertThat(PrimaryFollower.parseSwitch("other 127.0.0.1 7001 127.0.0.1 7002", TOPOLOGY)).isEmpty();
        assertThat(PrimaryFollower.parseSwitch("pg 127.0.0.1 7001 127.0.0.1 9999", TOPOLOGY)).isEmpty();
        assertThat(PrimaryFollower.parseSwitch("pg 127.0.0.1 7001 127.0.0.1 port", TOPOLOGY)).isEmpty();
        assertThat(PrimaryFollower.parseSwitch("pg 127.0.0.1 7001", TOPOLOGY)).isEmpty();
    }
}
