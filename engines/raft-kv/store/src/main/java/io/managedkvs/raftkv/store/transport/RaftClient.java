package io.managedkvs.raftkv.store.transport;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.managedkvs.raftkv.proto.transport.RaftMessage;
import io.managedkvs.raftkv.proto.transport.RaftMessageBatch;
import io.managedkvs.raftkv.store.metrics.StoreMetrics;
import io.managedkvs.raftkv.store.raftstore.BatchSystem;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sending side of the store-to-store transport. Each poller thread queues its round's messages
 * per destination store in its own buffer, then {@link #flush()} sends one batch per store on that
 * store's long-lived stream.
 */
public final class RaftClient implements BatchSystem.Flusher {

    private final StoreAddresses addresses;
    private final StoreMetrics metrics;
    private final ChannelCredentials credentials;
    private final Map<Long, StoreConnection> connections = new ConcurrentHashMap<>();
    private final ThreadLocal<Map<Long, RaftMessageBatch.Builder>> buffers = ThreadLocal.withInitial(HashMap::new);

    public RaftClient(StoreAddresses addresses, StoreMetrics metrics) {
        this(addresses, metrics, InsecureChannelCredentials.create());
    }

    /** Dials other stores with {@code credentials} (mutual TLS when the store runs with --tls-dir). */
    public RaftClient(StoreAddresses addresses, StoreMetrics metrics, ChannelCredentials credentials) {
        this.addresses = addresses;
        this.metrics = metrics;
        this.credentials = credentials;
    }

    /** Queues a message for {@code storeId} in this thread's round. Hot path. */
    public void enqueue(long storeId, RaftMessage message) {
        buffers.get().computeIfAbsent(storeId, id -> RaftMessageBatch.newBuilder()).addMessages(message);
    }

    /** Sends what this thread queued, one batch per store. Hot path. */
    @Override
    public void flush() {
        Map<Long, RaftMessageBatch.Builder> mine = buffers.get();
        for (Map.Entry<Long, RaftMessageBatch.Builder> e : mine.entrySet()) {
            RaftMessageBatch.Builder b = e.getValue();
            if (b.getMessagesCount() == 0) {
                continue;
            }
            StoreConnection conn = connection(e.getKey());
            if (conn == null || !conn.send(b.build())) {
                metrics.messagesDropped.increment(b.getMessagesCount());
            }
            b.clear();
        }
    }

    /** The connection to {@code storeId}, or null while its address is unknown. */
    StoreConnection connection(long storeId) {
        StoreConnection conn = connections.get(storeId);
        String address = addresses.address(storeId);
        if (address == null || (conn != null && conn.address().equals(address))) {
            return conn;
        }
        return connections.compute(storeId, (id, old) -> {
            if (old != null && old.address().equals(address)) {
                return old;
            }
            if (old != null) {
                old.close();
            }
            return new StoreConnection(address, credentials);
        });
    }

    public void close() {
        connections.values().forEach(StoreConnection::close);
        connections.clear();
    }
}
