package io.managedkvs.operator.engines.raftkv;

import io.grpc.ManagedChannel;
import io.managedkvs.raftkv.proto.meta.Peer;
import io.managedkvs.raftkv.proto.meta.Region;
import io.managedkvs.raftkv.proto.meta.Store;
import io.managedkvs.raftkv.proto.pd.AllocIdRequest;
import io.managedkvs.raftkv.proto.pd.BootstrapRequest;
import io.managedkvs.raftkv.proto.pd.BootstrapResponse;
import io.managedkvs.raftkv.proto.pd.GetClusterStatusRequest;
import io.managedkvs.raftkv.proto.pd.PdErrorType;
import io.managedkvs.raftkv.proto.pd.PdGrpc;
import io.managedkvs.raftkv.proto.pd.PutStoreRequest;
import io.managedkvs.raftkv.proto.pd.RegionHeartbeat;
import io.managedkvs.raftkv.proto.pd.RegionHeartbeatRequest;
import io.managedkvs.raftkv.proto.pd.ResponseHeader;
import io.managedkvs.raftkv.proto.pd.StoreHeartbeatRequest;
import io.managedkvs.raftkv.proto.pd.StoreStats;
import io.managedkvs.raftkv.proto.pd.StoreStatus;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Store processes as the placement driver sees them. Real stores cannot run on the mock API server
 * (no kubelet starts the pods), so each one is registered and kept alive through PD's own API, the
 * calls a real store makes: AllocId and PutStore on its first start, Bootstrap until the first region
 * exists, StoreHeartbeat with its region and leader counts (from a background thread, every 200 ms,
 * until the test kills the store), RegionHeartbeat for the regions it leads.
 */
final class StoreSimulator implements AutoCloseable {

    private final ManagedChannel channel;
    private final PdGrpc.PdBlockingStub pd;
    /** Store id by pod name: the newest store of each pod. */
    private final Map<String, Long> stores = new ConcurrentHashMap<>();
    /** Stores whose process runs: they heartbeat every {@link #HEARTBEAT_MILLIS}. */
    private final Set<String> alive = ConcurrentHashMap.newKeySet();
    private volatile String leader;
    private volatile Region firstRegion;
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "store-heartbeats");
        t.setDaemon(true);
        return t;
    });

    static final long HEARTBEAT_MILLIS = 200;

    StoreSimulator(String pdAddress) {
        this(pdAddress, io.grpc.InsecureChannelCredentials.create());
    }

    /** Dials PD with {@code credentials}, as a store started with --tls-dir does. */
    StoreSimulator(String pdAddress, io.grpc.ChannelCredentials credentials) {
        this.channel = io.grpc.Grpc.newChannelBuilder(pdAddress, credentials).build();
        this.pd = PdGrpc.newBlockingStub(channel);
        heartbeats.scheduleWithFixedDelay(this::heartbeatAll, HEARTBEAT_MILLIS, HEARTBEAT_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Every running store reports, as real stores do about once a second (faster here, so that a test waits less). */
    private void heartbeatAll() {
        for (String pod : alive) {
            try {
                heartbeat(pod, pod.equals(leader) ? 1 : 0);
            } catch (RuntimeException e) {
                // A store PD refuses (removed) keeps trying, as a real one would; the test asserts on PD's view.
            }
        }
    }

    /** The store of {@code pod} stops: no more heartbeats. */
    void kill(String pod) {
        alive.remove(pod);
    }

    /** The address a store of {@code pod} advertises, as the engine renders it. */
    static String address(String pod) {
        return pod + ".cache-store-headless.apps.svc:20160";
    }

    /** A store's first start in {@code pod}: a new id, registered under the pod's address. */
    long start(String pod) {
        long id = stub().allocId(AllocIdRequest.newBuilder().setCount(1).build()).getFirstId();
        check(stub().putStore(PutStoreRequest.newBuilder().setStore(Store.newBuilder().setId(id).setAddress(address(pod))
                .setVersion("0.1.0")).build()).getHeader());
        stores.put(pod, id);
        heartbeat(pod, 0);
        alive.add(pod);
        return id;
    }

    /** Asks for the first region until it exists; it goes to the first stores registered. */
    Region bootstrap(String pod) {
        BootstrapResponse r = stub().bootstrap(BootstrapRequest.newBuilder().setStoreId(id(pod)).build());
        check(r.getHeader());
        if (!r.getReady()) {
            throw new IllegalStateException("not bootstrapped: " + r.getMessage());
        }
        firstRegion = r.getFirstRegion();
        return firstRegion;
    }

    long id(String pod) {
        Long id = stores.get(pod);
        if (id == null) {
            throw new IllegalArgumentException("no store started in " + pod);
        }
        return id;
    }

    /** A store heartbeat: the store is alive and leads {@code leaders} regions. */
    private void heartbeat(String pod, long leaders) {
        long id = id(pod);
        long regions = firstRegion == null ? 0 : firstRegion.getPeersList().stream().filter(p -> p.getStoreId() == id).count();
        check(stub().storeHeartbeat(StoreHeartbeatRequest.newBuilder().setStats(StoreStats.newBuilder().setStoreId(id)
                .setRegionCount(regions).setLeaderCount(leaders)).build()).getHeader());
    }

    /** The first region's leader reports from {@code pod}'s store, and the stores' leader counts follow. */
    void leadFirstRegion(String pod) {
        long id = id(pod);
        leader = pod;
        Optional<Peer> peer = firstRegion.getPeersList().stream().filter(p -> p.getStoreId() == id).findFirst();
        check(stub().regionHeartbeat(RegionHeartbeatRequest.newBuilder().setStoreId(id).addRegions(RegionHeartbeat.newBuilder()
                .setRegion(firstRegion).setLeader(peer.orElseThrow()).setTerm(1)).build()).getHeader());
        alive.forEach(p -> heartbeat(p, p.equals(pod) ? 1 : 0));
    }

    /** The placement driver's view of the newest store of {@code pod}. */
    StoreStatus status(String pod) {
        long id = id(pod);
        return stub().getClusterStatus(GetClusterStatusRequest.getDefaultInstance()).getStoresList().stream()
                .filter(s -> s.getStore().getId() == id).findFirst().orElseThrow();
    }

    private PdGrpc.PdBlockingStub stub() {
        return pd.withDeadlineAfter(5, TimeUnit.SECONDS);
    }

    private static void check(ResponseHeader header) {
        if (header.hasError() && header.getError().getType() != PdErrorType.NONE) {
            throw new IllegalStateException(header.getError().getType() + ": " + header.getError().getMessage());
        }
    }

    @Override
    public void close() {
        heartbeats.shutdownNow();
        channel.shutdownNow();
    }
}
