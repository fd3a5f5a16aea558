package io.managedkvs.redis.actuator;

import io.managedkvs.api.engine.Member;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class InfoParserTest {

    private static final String PRIMARY = """
            # Replication\r
            role:master\r
            connected_slaves:2\r
            slave0:ip=c-redis-1.h.ns.svc,port=6379,state=online,offset=5432,lag=0\r
            slave1:ip=10.0.0.2,port=6380,state=wait_bgsave,offset=0,lag=1\r
            master_repl_offset:5432\r
            \r
            # Keyspace\r
            db0:keys=3,expires=0,avg_ttl=0\r
            db5:keys=4,expires=1,avg_ttl=10\r
            """;

    @Test
    void readsFieldsReplicasAndKeys() {
        Map<String, String> f = InfoParser.fields(PRIMARY);

        assertThat(Role.parse(f.get("role"))).isEqualTo(Role.PRIMARY);
        assertThat(InfoParser.replicas(f)).containsExactly(
                new NodeState.ReplicaLink("c-redis-1.h.ns.svc", 6379, "online", 5432, 0),
                new NodeState.ReplicaLink("10.0.0.2", 6380, "wait_bgsave", 0, 1));
        assertThat(InfoParser.keys(f)).isEqualTo(7);
        assertThat(InfoParser.number("x", -1)).isEqualTo(-1);
        assertThat(Role.parse("slave")).isEqualTo(Role.REPLICA);
        assertThat(Role.parse(null)).isEqualTo(Role.UNKNOWN);
    }

    @Test
    void aReplicaIsInSyncOnlyWhenOnlineAndAcknowledging() {
        assertThat(new NodeState.ReplicaLink("h", 1, "online", 1, 2).inSync(2)).isTrue();
        assertThat(new NodeState.ReplicaLink("h", 1, "online", 1, 3).inSync(2)).isFalse();
        assertThat(new NodeState.ReplicaLink("h", 1, "send_bulk", 1, 0).inSync(2)).isFalse();
    }

    @Test
    void endpointsMatchTheirAnnouncedOrDialledAddress() {
        Endpoint pod = new Endpoint("c-redis-0", "c-redis-0.h.ns.svc", 6379, "10.1.0.5");

        assertThat(pod.isAt("C-REDIS-0.h.ns.svc", 6379)).isTrue();
        assertThat(pod.isAt("10.1.0.5", 6379)).isTrue();
        assertThat(pod.isAt("10.1.0.5", 6380)).isFalse();
        assertThat(pod.isAt(null, 6379)).isFalse();
        assertThat(Member.ordinalOf("c-redis-12")).isEqualTo(12);
        assertThat(Member.ordinalOf("c-redis-")).isEqualTo(-1);
    }

    @Test
    void clientsNeverPrintThePassword() {
        RedisClients clients = RedisClients.withPassword("hunter2");

        assertThat(clients.toString()).doesNotContain("hunter2");
        assertThat(clients.scrub("ERR hunter2 is wrong")).isEqualTo("ERR **** is wrong");
        assertThat(SentinelEventWatcher.backoff(1)).isEqualTo(500);
        assertThat(SentinelEventWatcher.backoff(30)).isEqualTo(SentinelEventWatcher.MAX_BACKOFF_MILLIS);
    }
}
