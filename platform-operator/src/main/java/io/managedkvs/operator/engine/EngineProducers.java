package io.managedkvs.operator.engine;

import io.managedkvs.api.engine.PlatformSettings;
import io.managedkvs.api.engine.ReconcileTrigger;
import io.managedkvs.raftkv.engine.RaftKvEngine;
import io.managedkvs.redis.RedisSentinelEngine;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The engines this operator runs. Engine modules are plain Java; each is constructed here with the
 * trigger that lets it ask for a reconcile and the installation's settings, and the
 * {@link EngineRegistry} finds it by type.
 */
public class EngineProducers {

    @Produces
    @Singleton
    RedisSentinelEngine redisSentinel(PlatformSettings platform, ReconcileTriggerSource trigger) {
        return new RedisSentinelEngine(platform, trigger);
    }

    /** Stops the engine's Sentinel subscriptions and data-plane threads when the operator stops. */
    void closeRedisSentinel(@Disposes RedisSentinelEngine engine) {
        engine.close();
    }

    @Produces
    @Singleton
    RaftKvEngine raftKv(PlatformSettings platform) {
        return new RaftKvEngine(platform);
    }

    /** Closes the engine's channels to the placement drivers when the operator stops. */
    void closeRaftKv(@Disposes RaftKvEngine engine) {
        engine.close();
    }
}
