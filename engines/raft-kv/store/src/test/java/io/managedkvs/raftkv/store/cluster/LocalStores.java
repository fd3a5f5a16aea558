package io.managedkvs.raftkv.store.cluster;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.managedkvs.raftkv.proto.meta.Peer;
import io.managedkvs.raftkv.proto.meta.Region;
import io.managedkvs.raftkv.proto.meta.RegionEpoch;
import io.managedkvs.raftkv.store.engine.MemoryEngine;
import io.managedkvs.raftkv.store.engine.RocksEngine;
import io.managedkvs.raftkv.store.engine.StorageEngine;
import io.managedkvs.raftkv.store.kv.KvService;
import io.managedkvs.raftkv.store.kv.ReadPool;
import io.managedkvs.raftkv.store.metrics.StoreMetrics;
import io.managedkvs.raftkv.store.raftstore.RaftStore;
import io.managedkvs.raftkv.store.raftstore.RaftStoreConfig;
import io.managedkvs.raftkv.store.raftstore.RegionPeer;
import io.managedkvs.raftkv.store.server.CallExecutors;
import io.managedkvs.raftkv.store.transport.RaftClient;
import io.managedkvs.raftkv.store.transport.StoreAddresses;
import io.managedkvs.raftkv.store.transport.TransportService;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Raft stores in this JVM over in-memory engines (or RocksDB), talking real gRPC on loopback, without PD:
 * addresses come from a shared map and the first region is bootstrapped by hand. A stopped store
 * keeps its engine (or its RocksDB directory), so restarting it is a crash-restart of what it persisted.
 */
final class LocalStores implements AutoCloseable {

    final class Node {
        final long storeId;
        StorageEngine engine;
        RaftStore store;
        Server server;
        RaftClient client;
        ReadPool pool;
        TransportService transport;
        String address;
        /** What this store starts with; the cluster's configuration unless a test changes it. */
        RaftStoreConfig config = LocalStores.this.config;
        /** Runs once the gRPC server serves and before the store takes messages (a test's own calls go first). */
        Runnable beforeStoreStart = () -> { };
        volatile boolean running;

        Node(long storeId) {
            this.storeId = storeId;
        }

        void start() throws IOException {
            if (engine == null) {
                engine = rocks ? new RocksEngine(dir.resolve("db-" + storeId)) : new MemoryEngine();
            }
            StoreMetrics metrics = new StoreMetrics();
            client = new RaftClient(new StoreAddresses(addresses::get, background), metrics);
            Path snap = Files.createDirectories(dir.resolve("snap-" + storeId));
            store = new RaftStore(storeId, engine, config, metrics, client, snap, background);
            pool = new ReadPool(2, 1024);
            transport = new TransportService(store, snap, metrics, config.snapshotFlow());
            int port = address == null ? 0 : Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
            server = CallExecutors.configure(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port)), background)
                    .addService(new KvService(store, pool)).addService(transport)
                    .maxInboundMessageSize(64 << 20).build().start();
            address = "127.0.0.1:" + server.getPort();
            addresses.put(storeId, address);
            beforeStoreStart.run();
            store.start();
            store.allowPeerCreation();
            running = true;
        }

        void stop() {
            running = false;
            server.shutdownNow();
            transport.close();
            store.stop();
            client.close();
            pool.close();
            if (rocks) {
                engine.close();
                engine = null;
            }
        }
    }

    private final Path dir;
    private final RaftStoreConfig config;
    private final boolean rocks;
    private final Map<Long, String> addresses = new ConcurrentHashMap<>();
    private final ExecutorService background = Executors.newCachedThreadPool();
    final List<Node> nodes = new ArrayList<>();

    LocalStores(Path dir, RaftStoreConfig config, int count) throws IOException {
        this(dir, config, count, false);
    }

    /** With {@code rocks}, each store keeps its state in RocksDB, closed when it stops and reopened when it starts. */
    LocalStores(Path dir, RaftStoreConfig config, int count, boolean rocks) throws IOException {
        this.dir = dir;
        this.config = config;
        this.rocks = rocks;
        for (int i = 1; i <= count; i++) {
            Node n = new Node(i);
            nodes.add(n);
            n.start();
        }
    }

    /** A region over the whole key space with peer 100 + i on store i. */
    Region bootstrap(long regionId) {
        return bootstrap(regionId, "", "");
    }

    /** A region over {@code [start, end)} ("" for unbounded) with peer {@code regionId * 100 + i} on store i. */
    Region bootstrap(long regionId, String start, String end) {
        Region.Builder r = Region.newBuilder().setId(regionId).setEpoch(RegionEpoch.newBuilder().setConfVer(1).setVersion(1))
                .setStartKey(KvCalls.bytes(start)).setEndKey(KvCalls.bytes(end));
        for (Node n : nodes) {
            r.addPeers(Peer.newBuilder().setId(regionId * 100 + n.storeId).setStoreId(n.storeId));
        }
        Region region = r.build();
        for (Node n : nodes) {
            n.store.bootstrapRegion(region);
        }
        return region;
    }

    /** The running node whose peer of {@code regionId} leads, or null. */
    Node leader(long regionId) {
        for (Node n : nodes) {
            if (!n.running) {
                continue;
            }
            RegionPeer p = n.store.region(regionId);
            if (p != null && p.isLeader()) {
                return n;
            }
        }
        return null;
    }

    @Override
    public void close() {
        for (Node n : nodes) {
            try {
                n.stop();
            } catch (RuntimeException ignored) {
                // Already stopped.
            }
        }
        background.shutdownNow();
    }
}
