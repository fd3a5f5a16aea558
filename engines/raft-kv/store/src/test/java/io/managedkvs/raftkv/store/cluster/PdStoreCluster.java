package io.managedkvs.raftkv.store.cluster;

import io.grpc.ServerInterceptor;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.managedkvs.raftkv.client.HostPort;
import io.managedkvs.raftkv.pd.PdConfig;
import io.managedkvs.raftkv.pd.PdServer;
import io.managedkvs.raftkv.store.raftstore.RaftStoreConfig;
import io.managedkvs.raftkv.store.server.StoreConfig;
import io.managedkvs.raftkv.store.server.StoreNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A real PD and real store nodes (RocksDB, gRPC on loopback) in this JVM. */
final class PdStoreCluster implements AutoCloseable {

    final PdServer pd;
    final String pdAddress;
    final List<StoreNode> stores = new ArrayList<>();
    private final List<StoreConfig> configs = new ArrayList<>();
    private final Path dir;
    private final RaftStoreConfig raftStore;

    PdStoreCluster(Path dir, int storeCount, RaftStoreConfig raftStore) throws Exception {
        this(dir, storeCount, raftStore, PdConfig.DEFAULT_DOWN_STORE_TIMEOUT);
    }

    /** @param downStoreTimeout how long PD waits for a silent store before rebuilding its replicas elsewhere */
    PdStoreCluster(Path dir, int storeCount, RaftStoreConfig raftStore, java.time.Duration downStoreTimeout) throws Exception {
        this(dir, storeCount, raftStore, downStoreTimeout, null);
    }

    /** @param pdInterceptor sees every call PD serves (to record what stores report), or null */
    PdStoreCluster(Path dir, int storeCount, RaftStoreConfig raftStore, java.time.Duration downStoreTimeout,
                   ServerInterceptor pdInterceptor) throws Exception {
        this.dir = dir;
        this.raftStore = raftStore;
        int pdPort = freePort();
        pdAddress = "127.0.0.1:" + pdPort;
        NettyServerBuilder pdServer = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", pdPort));
        if (pdInterceptor != null) {
            pdServer.intercept(pdInterceptor);
        }
        pd = new PdServer(pdServer, PdConfig.single(dir.resolve("pd"), pdAddress, 3).withDownStoreTimeout(downStoreTimeout)).start();
        for (int i = 0; i < storeCount; i++) {
            addConfig();
        }
        inParallel(storeCount, this::start);
    }

    private int addConfig() throws IOException {
        int i = configs.size();
        configs.add(new StoreConfig(dir.resolve("store-" + i), new HostPort("127.0.0.1", freePort()), null,
                new HostPort("127.0.0.1", 0), List.of(pdAddress), Map.of("zone", "z" + i), raftStore));
        stores.add(null);
        return i;
    }

    /** Starts one more store (it joins the running cluster); returns its index. */
    int addStore() throws Exception {
        int i = addConfig();
        start(i);
        return i;
    }

    /** Something to do for store {@code index}. */
    @FunctionalInterface
    interface ForStore {
        void run(int index) throws Exception;
    }

    /**
     * Runs {@code action} for stores 0 to {@code count - 1} at once (a store's start waits for PD's
     * bootstrap, which waits for enough stores), and throws the first failure.
     */
    static void inParallel(int count, ForStore action) throws Exception {
        List<Thread> starting = new ArrayList<>();
        List<Exception> failures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int index = i;
            Thread t = new Thread(() -> {
                try {
                    action.run(index);
                } catch (Exception e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            });
            starting.add(t);
            t.start();
        }
        for (Thread t : starting) {
            t.join();
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Starts (or restarts, on the same data and port) store {@code index}. */
    void start(int index) throws Exception {
        StoreNode node = new StoreNode(configs.get(index));
        synchronized (stores) {
            stores.set(index, node);
        }
        node.start();
    }

    /** The address store {@code index} advertises. */
    String address(int index) {
        return configs.get(index).listen().toString();
    }

    /** Stops store {@code index}: its process would be gone; its data stays. */
    void stop(int index) {
        stores.get(index).close();
    }

    @Override
    public void close() throws Exception {
        for (StoreNode s : stores) {
            if (s != null) {
                s.close();
            }
        }
        pd.close();
    }
}
