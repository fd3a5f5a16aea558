package io.managedkvs.redis;

import io.managedkvs.api.engine.ClusterView;
import io.managedkvs.api.engine.Member;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.redis.actuator.Endpoint;
import io.managedkvs.redis.actuator.Topology;
import io.managedkvs.redis.model.RedisNames;
import io.managedkvs.redis.model.RedisSentinelModel;
import java.util.List;

/**
 * Pods in a cluster: each is registered with Redis and Sentinel under its stable DNS name (pod IPs
 * change when a pod is recreated) and dialled at its pod IP, so that the operator does not depend
 * on cluster DNS. Pods being deleted are left out.
 */
public final class PodAddressing implements MemberAddressing {

    @Override
    public Topology topology(ManagedKVS resource, ClusterView view) {
        RedisNames names = RedisSentinelModel.names(resource);
        List<Endpoint> redis = view.members(RedisNames.COMPONENT_REDIS).stream().filter(m -> !m.terminating())
                .map(m -> endpoint(m, names.redisHost(m.name()), RedisNames.REDIS_PORT)).toList();
        List<Endpoint> sentinels = view.members(RedisNames.COMPONENT_SENTINEL).stream().filter(m -> !m.terminating())
                .map(m -> endpoint(m, names.sentinelHost(m.name()), RedisNames.SENTINEL_PORT)).toList();
        return new Topology(names.masterName(), redis, sentinels);
    }

    private static Endpoint endpoint(Member m, String host, int port) {
        return new Endpoint(m.name(), host, port, m.hasAddress() ? m.address() : host);
    }
}
