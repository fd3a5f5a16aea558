package io.managedkvs.raftkv.store.server;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.managedkvs.raftkv.proto.meta.Peer;
import io.managedkvs.raftkv.proto.meta.Region;
import io.managedkvs.raftkv.proto.meta.Store;
import io.managedkvs.raftkv.proto.meta.StoreState;
import io.managedkvs.raftkv.proto.pd.BootstrapResponse;
import io.managedkvs.raftkv.store.backup.BackupService;
import io.managedkvs.raftkv.store.engine.RocksEngine;
import io.managedkvs.raftkv.store.kv.KvService;
import io.managedkvs.raftkv.store.kv.ReadPool;
import io.managedkvs.raftkv.store.metrics.StoreMetrics;
import io.managedkvs.raftkv.store.pd.PdClient;
import io.managedkvs.raftkv.store.pd.PdException;
import io.managedkvs.raftkv.store.pd.PdHeartbeats;
import io.managedkvs.raftkv.store.raftstore.RaftStore;
import io.managedkvs.raftkv.store.raftstore.RegionSizes;
import io.managedkvs.raftkv.store.transport.RaftClient;
import io.managedkvs.raftkv.store.transport.StoreAddresses;
import io.managedkvs.raftkv.store.transport.TransportService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * One store process's parts, wired and started in order: the engine, the store's identity (from PD
 * on first start), the gRPC server (key-value API and store transport), registration with PD, the
 * regions and the batch system, heartbeats and split checks, the first region when PD bootstraps,
 * the status server, then any extra {@link StoreComponent}s. Stopped in reverse.
 */
public final class StoreNode implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StoreNode.class.getName());
    static final String VERSION = "0.1.0";

    private final StoreConfig config;
    private final List<StoreComponent> components = new ArrayList<>();
    private final List<StoreComponent> started = new ArrayList<>();
    private final StoreMetrics metrics = new StoreMetrics();
    private RocksEngine engine;
    private PdClient pd;
    private RaftClient raftClient;
    private ThreadPoolExecutor background;
    private ReadPool readPool;
    private BackupService backupService;
    private Server grpc;
    private TransportService transport;
    private ExecutorService grpcPool;
    private RaftStore raftStore;
    private RegionSizes sizes;
    private PdHeartbeats heartbeats;
    private StatusServer status;
    private StoreIdentity identity;
    private String advertised;
    private volatile boolean ready;
    private volatile boolean closed;

    public StoreNode(StoreConfig config) {
        this.config = config;
    }

    /** Adds a server started after the store's own (call before {@link #start()}). */
    public void addComponent(StoreComponent component) {
        components.add(component);
    }

    public void start() throws Exception {
        Path snapDir = config.dataDir().resolve("snap");
        prepareSnapshotDir(snapDir);
        engine = new RocksEngine(config.dataDir().resolve("db"));
        pd = new PdClient(config.pd(), config.security().channelCredentials());
        identity = identity();
        pd.setClusterId(identity.clusterId());
        background = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1024), r -> {
            Thread t = new Thread(r, "store-background");
            t.setDaemon(true);
            return t;
        });
        StoreAddresses addresses = new StoreAddresses(pd::storeAddress, background);
        raftClient = new RaftClient(addresses, metrics, config.security().channelCredentials());
        raftStore = new RaftStore(identity.storeId(), engine, config.raftStore(), metrics, raftClient, snapDir, background);
        raftStore.setPlacement(pd);
        readPool = new ReadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), 4096);
        backupService = new BackupService(raftStore, config.dataDir().resolve("backup-spool"));
        transport = new TransportService(raftStore, snapDir, metrics, config.raftStore().snapshotFlow());
        grpcPool = CallExecutors.newBlockingPool("store-grpc");
        grpc = CallExecutors.configure(NettyServerBuilder.forAddress(new InetSocketAddress(config.listen().host(),
                        config.listen().port()), config.security().serverCredentials()), grpcPool)
                .addService(new KvService(raftStore, readPool))
                .addService(transport)
                .addService(backupService)
                .maxInboundMessageSize(64 << 20)
                .build().start();
        advertised = advertiseAddress();
        addresses.put(identity.storeId(), advertised);
        if (config.status() != null) {
            status = new StatusServer(config.status(), metrics::scrape, this::healthy, () -> ready);
        }
        pd.putStore(Store.newBuilder().setId(identity.storeId()).setAddress(advertised)
                .setStatusAddress(status == null ? "" : statusAddress()).putAllLabels(config.labels())
                .setVersion(VERSION).setState(StoreState.UP).build());
        raftStore.start();
        sizes = new RegionSizes(raftStore);
        heartbeats = new PdHeartbeats(pd, raftStore, sizes, config.dataDir());
        raftStore.setRegionListener(peer -> heartbeats.regionChanged());
        sizes.start();
        heartbeats.start();
        bootstrap();
        raftStore.allowPeerCreation();
        for (StoreComponent c : components) {
            c.start(this);
            started.add(c);
        }
        ready = true;
        LOG.info(() -> "store " + identity.storeId() + " serving on " + advertised + " (data in " + config.dataDir() + ")");
    }

    private static void prepareSnapshotDir(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (Stream<Path> leftovers = Files.list(dir)) {
            for (Path p : leftovers.toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private StoreIdentity identity() throws InterruptedException {
        StoreIdentity saved = StoreIdentity.load(engine);
        if (saved != null) {
            return saved;
        }
        while (true) {
            try {
                long id = pd.allocId();
                StoreIdentity fresh = new StoreIdentity(pd.clusterId(), id);
                fresh.save(engine);
                LOG.info(() -> "first start: this is store " + id + " of cluster " + fresh.clusterId());
                return fresh;
            } catch (PdException e) {
                LOG.warning("waiting for PD to allocate this store's id: " + e.getMessage());
                Thread.sleep(500);
            }
        }
    }

    /** Asks PD for the first region until it is created, unless this store holds regions already. */
    private void bootstrap() throws InterruptedException {
        if (!raftStore.regions().isEmpty()) {
            return;
        }
        while (!closed) {
            try {
                BootstrapResponse r = pd.bootstrap(identity.storeId());
                if (r.getReady()) {
                    Region first = r.getFirstRegion();
                    for (Peer p : first.getPeersList()) {
                        if (p.getStoreId() == identity.storeId()) {
                            raftStore.bootstrapRegion(first);
                        }
                    }
                    return;
                }
                LOG.fine(() -> "PD not bootstrapped yet: " + r.getMessage());
            } catch (PdException e) {
                LOG.warning("bootstrap: " + e.getMessage());
            }
            Thread.sleep(200);
        }
    }

    private String advertiseAddress() {
        int port = grpc.getPort();
        if (config.advertise() != null) {
            return config.advertise().toString();
        }
        return hostFor(config.listen().host()) + ":" + port;
    }

    private String statusAddress() {
        return hostFor(config.status().host()) + ":" + status.port();
    }

    private static String hostFor(String listenHost) {
        if (!listenHost.equals("0.0.0.0") && !listenHost.equals("::")) {
            return listenHost;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean healthy() {
        return !closed && raftStore != null && raftStore.isRunning();
    }

    public long storeId() {
        return identity.storeId();
    }

    public String address() {
        return advertised;
    }

    public int statusPort() {
        return status == null ? -1 : status.port();
    }

    public RaftStore raftStore() {
        return raftStore;
    }

    public StoreMetrics metrics() {
        return metrics;
    }

    private static void awaitTermination(Server server) {
        try {
            if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warning("gRPC server did not terminate within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean isReady() {
        return ready;
    }

    @Override
    public void close() {
        closed = true;
        ready = false;
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).stop();
        }
        started.clear();
        if (heartbeats != null) {
            heartbeats.stop();
        }
        if (sizes != null) {
            sizes.stop();
        }
        if (grpc != null) {
            grpc.shutdownNow();
            awaitTermination(grpc);
        }
        if (grpcPool != null) {
            // Only once the server is down: a pool that refused the cancelled calls' last callbacks
            // broke the teardown of their connections, and peers kept sending into them.
            grpcPool.shutdown();
        }
        if (transport != null) {
            transport.close();
        }
        if (raftStore != null) {
            raftStore.stop();
        }
        if (raftClient != null) {
            raftClient.close();
        }
        if (backupService != null) {
            backupService.close();
        }
        if (readPool != null) {
            readPool.close();
        }
        if (background != null) {
            background.shutdownNow();
        }
        if (status != null) {
            status.stop();
        }
        if (pd != null) {
            pd.close();
        }
        if (engine != null) {
            engine.close();
        }
    }
}
