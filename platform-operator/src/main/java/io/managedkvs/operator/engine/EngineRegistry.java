package io.managedkvs.operator.engine;

import io.managedkvs.api.engine.KvsEngine;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The engines this operator runs, by the {@code spec.engine} value each serves: every CDI bean whose
 * type is a {@link KvsEngine}. Engine modules are plain Java without CDI annotations, so each gets a
 * producer method in the operator that constructs it with what it needs, typically the {@link
 * io.managedkvs.api.engine.ReconcileTrigger} (the {@link ReconcileTriggerSource} bean) and the
 * {@link io.managedkvs.api.engine.PlatformSettings} produced from configuration:
 *
 * <pre>{@code
 * @Produces @Singleton
 * RedisSentinelEngine redisSentinel(PlatformSettings platform, ReconcileTriggerSource trigger) {
 *     return new RedisSentinelEngine(platform, trigger);
 * }
 * }</pre>
 *
 * Two engines claiming one name stop the operator at startup.
 */
@Singleton
public class EngineRegistry {

    private final Map<String, KvsEngine<?>> byName;

    @Inject
    public EngineRegistry(@Any Instance<KvsEngine<?>> engines) {
        this(engines.stream().toList());
    }

    public EngineRegistry(List<? extends KvsEngine<?>> engines) {
        Map<String, KvsEngine<?>> map = new TreeMap<>();
        for (KvsEngine<?> engine : engines) {
            KvsEngine<?> clash = map.putIfAbsent(engine.name(), engine);
            if (clash != null) {
                throw new IllegalStateException("two engines serve spec.engine '" + engine.name() + "': "
                        + clash.getClass().getName() + " and " + engine.getClass().getName());
            }
        }
        this.byName = Collections.unmodifiableMap(map);
    }

    public Optional<KvsEngine<?>> find(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(byName.get(name));
    }

    /** The engine names, sorted. */
    public List<String> names() {
        return new ArrayList<>(byName.keySet());
    }
}
