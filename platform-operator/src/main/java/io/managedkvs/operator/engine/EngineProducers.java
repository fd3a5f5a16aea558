package io.managedkvs.operator.engine;

/**
 * Where engine beans are produced. Engine modules are plain Java without CDI annotations; each gets a
 * producer method here that constructs it with what it needs, typically the {@link
 * io.managedkvs.api.engine.ReconcileTrigger} (a {@link ReconcileTriggerSource}) and the {@link
 * io.managedkvs.api.engine.PlatformSettings} produced from configuration:
 *
 * <pre>{@code
 * @Produces @Singleton
 * RedisSentinelEngine redisSentinel(ReconcileTriggerSource trigger, PlatformSettings settings) {
 *     return new RedisSentinelEngine(trigger, settings);
 * }
 * }</pre>
 *
 * The {@link EngineRegistry} finds every bean whose type is a {@code KvsEngine}.
 */
public class EngineProducers {
}
