package io.managedkvs.raftkv.pd;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.managedkvs.raft.RaftConfig;
import io.managedkvs.raft.membership.ConfState;
import io.managedkvs.raftkv.pd.raft.DurableRaftLog;
import io.managedkvs.raftkv.pd.raft.GrpcPeerTransport;
import io.managedkvs.raftkv.pd.raft.PeerService;
import io.managedkvs.raftkv.pd.raft.PeerTransport;
import io.managedkvs.raftkv.pd.raft.RaftLoop;
import io.managedkvs.raftkv.pd.raft.RaftReplica;
import io.managedkvs.raftkv.pd.schedule.BalanceLeaderScheduler;
import io.managedkvs.raftkv.pd.schedule.BalanceRegionScheduler;
import io.managedkvs.raftkv.pd.schedule.DrainScheduler;
import io.managedkvs.raftkv.pd.schedule.LeaderEvictionScheduler;
import io.managedkvs.raftkv.pd.schedule.OperatorController;
import io.managedkvs.raftkv.pd.schedule.ReplicaRepairScheduler;
import io.managedkvs.raftkv.pd.service.Operators;
import io.managedkvs.raftkv.pd.service.Scheduling;
import java.time.Duration;
import io.managedkvs.raftkv.pd.service.PdGrpcService;
import io.managedkvs.raftkv.pd.service.PlacementDriver;
import io.managedkvs.raftkv.pd.status.PdGauges;
import io.managedkvs.raftkv.proto.meta.StoreState;
import io.managedkvs.raftkv.proto.pd.GetClusterStatusResponse;
import io.managedkvs.raftkv.proto.pd.StoreStatus;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * One PD member: its gRPC server (the PD API and the peer transport), its Raft replica and the loop
 * thread that owns its state.
 *
 * <p>In a test, a single-member PD runs in-process with no port:
 * <pre>{@code
 * String name = InProcessServerBuilder.generateName();
 * PdServer pd = new PdServer(InProcessServerBuilder.forName(name).directExecutor(),
 *         PdConfig.single(tempDir, name, 3));   // replication factor 3
 * pd.start();
 * ManagedChannel ch = InProcessChannelBuilder.forName(name).directExecutor().build();
 * PdGrpc.PdBlockingStub stub = PdGrpc.newBlockingStub(ch);
 * ...
 * pd.stop();
 * }</pre>
 * or on a real port with {@code NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))}
 * and {@link #port()}. It answers once it leads (a single member leads at once).
 */
public final class PdServer implements AutoCloseable {

    private final PdConfig config;
    private final Server server;
    private final RaftLoop loop;
    private final DurableRaftLog log;
    private final RaftReplica replica;
    private final PlacementDriver driver;
    private final PdGrpcService service;
    private final Scheduling scheduling;
    private PdGauges gauges;
    /** A new leader waits this long for heartbeats before it schedules: a few heartbeat rounds. */
    static final long SCHEDULING_WARMUP_MS = 3_000;
    private long ticks;

    /** A member whose peers are dialled over TCP (plaintext gRPC). */
    public PdServer(ServerBuilder<?> serverBuilder, PdConfig config) {
        this(serverBuilder, config, address -> NettyChannelBuilder.forTarget(address).usePlaintext().build());
    }

    /** A member whose peers are dialled with {@code peerChannels} (tests: in-process channels by name). */
    public PdServer(ServerBuilder<?> serverBuilder, PdConfig config, Function<String, ManagedChannel> peerChannels) {
        this.config = config;
        this.loop = new RaftLoop("pd-" + config.id(), config.tickMillis());
        this.driver = new PlacementDriver(config, System::currentTimeMillis);
        this.log = new DurableRaftLog(config.dataDir().resolve("raft"), ConfState.of(config.members().keySet(), List.of()));
        Map<Long, String> peers = new HashMap<>(config.members());
        peers.remove(config.id());
        PeerTransport transport = peers.isEmpty() ? PeerTransport.NONE
                : new GrpcPeerTransport(config.id(), config.statusAddress(), peers, peerChannels, loop, new GrpcPeerTransport.Feedback() {
                    @Override
                    public void unreachable(long peer) {
                        replica.reportUnreachable(peer);
                    }

                    @Override
                    public void snapshotSent(long peer, boolean success) {
                        replica.reportSnapshot(peer, success);
                    }
                });
        this.replica = new RaftReplica(RaftConfig.defaults(config.id()).withTicks(10, 2), log, transport, driver, driver);
        driver.attach(replica);
        this.scheduling = new Scheduling(driver, List.of(new ReplicaRepairScheduler(), new DrainScheduler(),
                new LeaderEvictionScheduler(), new BalanceLeaderScheduler(), new BalanceRegionScheduler()),
                new OperatorController(Duration.ofMinutes(10), Duration.ofSeconds(30)), SCHEDULING_WARMUP_MS);
        Operators operators = scheduling;
        this.service = new PdGrpcService(driver, loop, operators);
        this.server = serverBuilder
                .addService(service)
                .addService(new PeerService(loop, replica::step, driver::memberStatusSeen))
                .build();
    }

    private void onTick() {
        driver.onTick();
        if (ticks++ % Math.max(1, 1000 / config.tickMillis()) == 0) {
            scheduling.round();
            if (gauges != null) {
                updateGauges();
            }
        }
    }

    private void updateGauges() {
        if (!driver.isServing()) {
            gauges.update(new PdGauges.PdGaugeValues(false, replica.term(), 0, 0, 0, 0, 0, 0, 0, 0, scheduling.operatorOutcomes()));
            return;
        }
        GetClusterStatusResponse st = service.statusNow();
        long up = 0;
        long offline = 0;
        long tombstone = 0;
        long down = 0;
        for (StoreStatus s : st.getStoresList()) {
            switch (s.getStore().getState()) {
                case UP -> up++;
                case OFFLINE -> offline++;
                case TOMBSTONE -> tombstone++;
                default -> { }
            }
            if (s.getDown() && s.getStore().getState() != StoreState.TOMBSTONE) {
                down++;
            }
        }
        gauges.update(new PdGauges.PdGaugeValues(true, replica.term(), up, offline, tombstone, down, st.getRegionCount(),
                st.getUnderReplicatedRegions(), st.getLeaderlessRegions(), st.getRunningOperators(), scheduling.operatorOutcomes()));
    }

    /** Publishes this member's gauges (leadership, stores, regions) in {@code registry}; call before {@link #start()}. */
    public PdServer bindMetrics(MeterRegistry registry) {
        this.gauges = new PdGauges(registry);
        return this;
    }

    public PdServer start() throws IOException {
        loop.start(replica, this::onTick);
        server.start();
        return this;
    }

    /** The port the server listens on (for a server built on port 0). */
    public int port() {
        return server.getPort();
    }

    public PdConfig config() {
        return config;
    }

    /** Whether the loop still runs (it stops for good if the log cannot be written). */
    public boolean healthy() {
        return loop.running();
    }

    /** Ready to serve: running, and a leader of PD is known (to answer, or to redirect callers to). */
    public boolean ready() {
        return healthy() && leadership().leaderId() != 0;
    }

    /** What this member knows of leadership, read on its loop. */
    public Leadership leadership() {
        CompletableFuture<Leadership> f = new CompletableFuture<>();
        try {
            loop.execute(() -> f.complete(new Leadership(replica.leaderId(), driver.isServing(), replica.term())));
            return f.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Leadership.UNKNOWN;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return Leadership.UNKNOWN;
        }
    }

    /**
     * @param leaderId the leader this member knows, 0 if none
     * @param serving whether this member leads and answers requests
     */
    public record Leadership(long leaderId, boolean serving, long term) {
        static final Leadership UNKNOWN = new Leadership(0, false, 0);
    }

    /** Stops serving and waits until in-flight calls are done (at most a few seconds). */
    public void stop() throws InterruptedException {
        server.shutdown();
        if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
            server.shutdownNow();
        }
        loop.close();
        replica.close();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
