package io.managedkvs.raftkv.store.server;

/**
 * A server started beside the store's own once it serves (the Redis-protocol front end, for one),
 * and stopped before it. StoreMain adds them to the {@link StoreNode}.
 */
public interface StoreComponent {

    /** Starts serving; {@code node} gives access to the running store. */
    void start(StoreNode node) throws Exception;

    void stop();
}
