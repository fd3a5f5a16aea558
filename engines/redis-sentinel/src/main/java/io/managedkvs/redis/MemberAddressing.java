package io.managedkvs.redis;

import io.managedkvs.api.engine.ClusterView;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.redis.actuator.Topology;

/** How the engine reaches the members the operator sees. */
@FunctionalInterface
public interface MemberAddressing {

    Topology topology(ManagedKVS resource, ClusterView view);
}
