package io.managedkvs.raftkv.pd.service;

import io.managedkvs.raft.Role;
import io.managedkvs.raftkv.pd.PdConfig;
import io.managedkvs.raftkv.pd.raft.NotLeaderException;
import io.managedkvs.raftkv.pd.raft.RaftReplica;
import io.managedkvs.raftkv.pd.raft.StateMachine;
import io.managedkvs.raftkv.pd.state.ClusterState;
import io.managedkvs.raftkv.pd.state.IdAllocator;
import io.managedkvs.raftkv.pd.state.LiveStats;
import io.managedkvs.raftkv.pd.state.TimestampOracle;
import io.managedkvs.raftkv.proto.pd.PdErrorType;
import io.managedkvs.raftkv.proto.pd.RequestHeader;
import io.managedkvs.raftkv.proto.pd.ResponseHeader;
import io.managedkvs.raftkv.proto.pd.Timestamp;
import io.managedkvs.raftkv.proto.pdpeer.InitCluster;
import io.managedkvs.raftkv.proto.pdpeer.PdCommand;
import io.managedkvs.raftkv.proto.pdpeer.PdSnapshot;
import io.managedkvs.raftkv.proto.pdpeer.RaiseLimits;
import com.google.protobuf.InvalidProtocolBufferException;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * The heart of a PD member, on the loop thread: the replicated {@link ClusterState}, the leader's
 * {@link LiveStats} and allocators, and the leadership lifecycle. A member serves requests only
 * while it leads and has applied everything committed before its term, so it never answers from a
 * stale state.
 */
public final class PlacementDriver implements StateMachine, RaftReplica.Listener {

    private static final Logger LOG = Logger.getLogger(PlacementDriver.class.getName());
    /** Ids persisted ahead per log entry. */
    static final long ID_BATCH = 1_000;
    /** Milliseconds of timestamps persisted ahead per log entry. */
    static final long TIMESTAMP_WINDOW_MS = 3_000;

    private final PdConfig config;
    private final LongSupplier clock;
    private ClusterState state = new ClusterState();
    private final LiveStats live = new LiveStats();
    private final IdAllocator ids = new IdAllocator();
    private final TimestampOracle tso = new TimestampOracle();
    private RaftReplica replica;
    /** Completes once this member may serve in its current term of leadership. */
    private CompletableFuture<Void> serving = new CompletableFuture<>();
    private long servingFromIndex = Long.MAX_VALUE;
    private boolean raisingAhead;
    /** Other members' status addresses, as their Raft messages tell them (not replicated: each member learns them itself). */
    private final Map<Long, String> memberStatus = new ConcurrentHashMap<>();

    public PlacementDriver(PdConfig config, LongSupplier clock) {
        this.config = config;
        this.clock = clock;
    }

    public void attach(RaftReplica r) {
        this.replica = r;
    }

    /** Member {@code id} sent a Raft message saying its status address is {@code address}. */
    public void memberStatusSeen(long id, String address) {
        if (id != config.id() && config.members().containsKey(id)) {
            memberStatus.put(id, address);
        }
    }

    /** Member {@code id}'s HTTP status address, empty until it has been heard from. */
    public String memberStatusAddress(long id) {
        return id == config.id() ? config.statusAddress() : memberStatus.getOrDefault(id, "");
    }

    public PdConfig config() {
        return config;
    }

    public ClusterState state() {
        return state;
    }

    public LiveStats live() {
        return live;
    }

    public long now() {
        return clock.getAsLong();
    }

    public RaftReplica replica() {
        return replica;
    }

    // ------------------------------------------------------------------ state machine

    @Override
    public void apply(byte[] command) {
        try {
            state.apply(PdCommand.parseFrom(command));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a PD log entry is not a PdCommand: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] snapshot() {
        return state.snapshot().toByteArray();
    }

    @Override
    public void restore(byte[] snapshot) {
        if (snapshot.length == 0) {
            state = new ClusterState();
            return;
        }
        try {
            state = ClusterState.restore(PdSnapshot.parseFrom(snapshot));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a PD snapshot is not a PdSnapshot: " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ leadership

    @Override
    public void onRoleChange(Role role, long leaderId, long term) {
        LOG.info(() -> "PD member " + config.id() + " is " + role + " in term " + term + (leaderId == 0 ? ", no leader known" : ", leader " + leaderId));
        if (role == Role.LEADER) {
            // Requests that arrived while no leader was known wait on the same future and are served once we may.
            if (serving.isDone()) {
                serving = new CompletableFuture<>();
            }
            servingFromIndex = replica.lastIndex();
        } else {
            servingFromIndex = Long.MAX_VALUE;
            NotLeaderException why = new NotLeaderException(leaderId);
            if (!serving.isDone()) {
                serving.completeExceptionally(why);
            }
            serving = CompletableFuture.failedFuture(why);
        }
    }

    @Override
    public void onApplied(long appliedIndex) {
        if (appliedIndex < servingFromIndex || serving.isDone()) {
            return;
        }
        servingFromIndex = Long.MAX_VALUE;
        long now = now();
        live.reset(now);
        ids.reset(state.idLimit());
        tso.reset(state.timestampLimitMs(), now);
        CompletableFuture<Void> term = serving;
        CompletableFuture<Void> named = state.clusterId() != 0 ? CompletableFuture.completedFuture(null)
                : propose(PdCommand.newBuilder().setInitCluster(InitCluster.newBuilder().setClusterId(newClusterId(now))).build());
        named.whenComplete((ok, e) -> {
            if (e != null) {
                term.completeExceptionally(e);
            } else {
                LOG.info(() -> "PD member " + config.id() + " serves cluster " + state.clusterId() + " in term " + replica.term());
                term.complete(null);
            }
        });
    }

    private static long newClusterId(long nowMs) {
        // As TiKV: the creation time in the high bits, randomness below, so two clusters never share one.
        return ((nowMs / 1000) << 32) | (new SecureRandom().nextInt() & 0xffffffffL);
    }

    /** Completes when this member may serve a request with {@code header}; fails with why not. */
    public CompletableFuture<Void> whenServing(RequestHeader header) {
        return serving.thenRun(() -> {
            if (header.getClusterId() != 0 && header.getClusterId() != state.clusterId()) {
                throw new PdException(PdErrorType.CLUSTER_MISMATCH,
                        "cluster_id: request is for cluster " + header.getClusterId() + ", this PD serves " + state.clusterId());
            }
        });
    }

    public boolean isServing() {
        return serving.isDone() && !serving.isCompletedExceptionally();
    }

    public ResponseHeader okHeader() {
        return ResponseHeader.newBuilder().setClusterId(state.clusterId()).build();
    }

    // ------------------------------------------------------------------ proposals and allocators

    public CompletableFuture<Void> propose(PdCommand command) {
        return replica.propose(command.toByteArray());
    }

    /** The first of {@code count} fresh ids. */
    public CompletableFuture<Long> allocIds(int count) {
        long first = ids.take(count, state.idLimit());
        if (first >= 0) {
            return CompletableFuture.completedFuture(first);
        }
        return raiseLimits(ids.neededLimit(count, ID_BATCH), state.timestampLimitMs()).thenCompose(v -> allocIds(count));
    }

    /** The last of {@code count} fresh timestamps. */
    public CompletableFuture<Timestamp> timestamps(int count) {
        long now = now();
        Timestamp ts = tso.next(count, now, state.timestampLimitMs());
        if (ts != null) {
            return CompletableFuture.completedFuture(ts);
        }
        return raiseLimits(state.idLimit(), tso.neededLimit(now, TIMESTAMP_WINDOW_MS)).thenCompose(v -> timestamps(count));
    }

    private CompletableFuture<Void> raiseLimits(long idLimit, long timestampLimitMs) {
        return propose(PdCommand.newBuilder().setRaiseLimits(RaiseLimits.newBuilder()
                .setIdLimit(idLimit).setTimestampLimitMs(timestampLimitMs)).build());
    }

    /** Keeps the timestamp limit ahead of the clock, so that requests seldom wait for the log. */
    public void onTick() {
        if (isServing() && !raisingAhead && state.timestampLimitMs() - now() < TIMESTAMP_WINDOW_MS / 3) {
            raisingAhead = true;
            raiseLimits(state.idLimit(), tso.neededLimit(now(), TIMESTAMP_WINDOW_MS)).whenComplete((v, e) -> raisingAhead = false);
        }
    }
}
