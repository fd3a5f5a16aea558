package io.managedkvs.raftkv.store.transport;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.LongFunction;
import java.util.logging.Logger;

/**
 * Where other stores listen. Answers from a cache and never blocks: an unknown store is looked up
 * (at PD) on a background executor, and messages to it are dropped meanwhile; Raft resends.
 */
public final class StoreAddresses {

    private static final Logger LOG = Logger.getLogger(StoreAddresses.class.getName());

    private final Map<Long, String> addresses = new ConcurrentHashMap<>();
    private final Map<Long, Boolean> lookingUp = new ConcurrentHashMap<>();
    private final LongFunction<String> lookup;
    private final Executor executor;

    /** {@code lookup} may block and may return null (unknown yet). */
    public StoreAddresses(LongFunction<String> lookup, Executor executor) {
        this.lookup = lookup;
        this.executor = executor;
    }

    public void put(long storeId, String address) {
        addresses.put(storeId, address);
    }

    /** The address of {@code storeId}, or null while it is being looked up. Hot path. */
    public String address(long storeId) {
        String a = addresses.get(storeId);
        if (a == null && lookingUp.putIfAbsent(storeId, Boolean.TRUE) == null) {
            executor.execute(() -> {
                try {
                    String found = lookup.apply(storeId);
                    if (found != null && !found.isEmpty()) {
                        addresses.put(storeId, found);
                    }
                } catch (RuntimeException e) {
                    LOG.fine(() -> "cannot look up store " + storeId + ": " + e.getMessage());
                } finally {
                    lookingUp.remove(storeId);
                }
            });
        }
        return a;
    }
}
