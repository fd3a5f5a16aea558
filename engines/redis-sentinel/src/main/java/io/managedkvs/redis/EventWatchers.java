package io.managedkvs.redis;

import io.managedkvs.api.engine.ReconcileTrigger;
import io.managedkvs.api.engine.ResourceRef;
import io.managedkvs.api.engine.TlsMaterial;
import io.managedkvs.redis.actuator.Endpoint;
import io.managedkvs.redis.actuator.RedisClients;
import io.managedkvs.redis.actuator.SentinelEventWatcher;
import io.managedkvs.redis.actuator.Topology;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link SentinelEventWatcher} per instance, subscribed to each of its Sentinels. Each failover
 * event asks the operator to reconcile that instance now, so the role labels follow a failover as
 * soon as a majority of the Sentinels name the new primary, without waiting for the periodic resync.
 */
final class EventWatchers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventWatchers.class);

    private final ReconcileTrigger trigger;
    private final Map<ResourceRef, Watch> watches = new ConcurrentHashMap<>();

    EventWatchers(ReconcileTrigger trigger) {
        this.trigger = trigger;
    }

    /** Starts the watcher when missing, or after the password changed; updates the Sentinels it subscribes to. */
    /**
     * Subscribes with {@code clients}' password and TLS; the watcher starts again when either changed
     * ({@code tls}: the Secret's content the clients were built from).
     */
    void ensure(ResourceRef ref, Topology topology, RedisClients clients, Optional<TlsMaterial> tls) {
        Optional<String> password = clients.password();
        Watch current = watches.compute(ref, (r, existing) -> {
            if (existing != null && existing.password.equals(password) && existing.tls.equals(tls) && existing.watcher.isRunning()) {
                return existing;
            }
            if (existing != null) {
                existing.watcher.close();
            }
            AtomicReference<List<Endpoint>> sentinels = new AtomicReference<>(topology.sentinels());
            SentinelEventWatcher watcher = new SentinelEventWatcher(r.toString(),
                    clients, sentinels::get, event -> {
                        LOG.debug("ManagedKVS({}) Sentinel {} published {} {}", r, event.sentinel(), event.channel(), event.message());
                        trigger.reconcileSoon(r);
                    });
            return new Watch(watcher.start(), sentinels, password, tls);
        });
        current.sentinels.set(topology.sentinels());
    }

    boolean watching(ResourceRef ref) {
        Watch w = watches.get(ref);
        return w != null && w.watcher.isRunning();
    }

    void forget(ResourceRef ref) {
        Watch w = watches.remove(ref);
        if (w != null) {
            w.watcher.close();
        }
    }

    @Override
    public void close() {
        List.copyOf(watches.keySet()).forEach(this::forget);
    }

    /** One instance's subscription; the password is kept to notice a change, and never printed. */
    private record Watch(SentinelEventWatcher watcher, AtomicReference<List<Endpoint>> sentinels, Optional<String> password,
                         Optional<TlsMaterial> tls) {
        @Override
        public String toString() {
            return "Watch[sentinels=" + sentinels.get() + "]";
        }
    }
}
