package io.managedkvs.raftkv.store.raftstore;

import io.managedkvs.raft.membership.ConfState;
import io.managedkvs.raft.message.Message;
import io.managedkvs.raft.message.MessageType;
import io.managedkvs.raftkv.proto.meta.Peer;
import io.managedkvs.raftkv.proto.meta.Region;
import io.managedkvs.raftkv.proto.pd.AskSplitResponse;
import io.managedkvs.raftkv.proto.transport.RaftCommand;
import io.managedkvs.raftkv.proto.transport.RaftMessage;
import io.managedkvs.raftkv.proto.transport.RegionLocalState;
import io.managedkvs.raftkv.proto.transport.SplitCommand;
import io.managedkvs.raftkv.store.engine.ColumnFamily;
import io.managedkvs.raftkv.store.engine.EngineBatch;
import io.managedkvs.raftkv.store.engine.StorageEngine;
import io.managedkvs.raftkv.store.metrics.StoreMetrics;
import io.managedkvs.raftkv.store.transport.MessageSink;
import io.managedkvs.raftkv.store.transport.RaftClient;
import io.managedkvs.raftkv.store.transport.SnapshotSender;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.logging.Logger;

/**
 * The regions of one store: creates, loads, routes to and removes region peers, and connects them to
 * the batch system, the transport and PD. Thread-safe.
 */
public final class RaftStore implements StoreContext, MessageSink {

    private static final Logger LOG = Logger.getLogger(RaftStore.class.getName());

    private final long storeId;
    private final StorageEngine engine;
    private final RaftStoreConfig config;
    private final StoreMetrics metrics;
    private final SnapshotRegistry snapshots = new SnapshotRegistry();
    /** Regions an EpochNotMatch lists at most (a request that old should ask PD). */
    static final int MAX_REGIONS_IN_EPOCH_ERROR = 64;
    private final Map<Long, RegionPeer> regions = new ConcurrentHashMap<>();
    /** Regions whose replica here was removed, with the region as it was then (its epoch says when). */
    private final Map<Long, Region> tombstones = new ConcurrentHashMap<>();
    private final Set<Long> claimedBySplit = ConcurrentHashMap.newKeySet();
    /** Guarded by this. */
    private final EarlyVotes earlyVotes = new EarlyVotes();
    private final BatchSystem batchSystem;
    private final RaftClient raftClient;
    private final SnapshotSender snapshotSender;
    private final Ticker ticker;
    private final ExpiryPurger expiryPurger;
    private final ExecutorService background;
    private volatile Placement placement;
    /** Messages are taken only once the persisted regions are loaded. */
    private volatile boolean started;
    /**
     * Peers are created for unknown regions only once the store bootstrapped: before that a message
     * for the first region would create an empty peer in place of the founding one.
     */
    private volatile boolean creatingPeers;
    private volatile RegionListener listener = peer -> { };

    /** Hears that a region changed leader or shape (PD heartbeats). */
    public interface RegionListener {
        void changed(RegionPeer peer);
    }

    public RaftStore(long storeId, StorageEngine engine, RaftStoreConfig config, StoreMetrics metrics, RaftClient raftClient,
                     Path snapshotDir, ExecutorService background) {
        this.storeId = storeId;
        this.engine = engine;
        this.config = config;
        this.metrics = metrics;
        this.raftClient = raftClient;
        this.background = background;
        this.batchSystem = new BatchSystem(engine, metrics, raftClient);
        this.snapshotSender = new SnapshotSender(snapshots, raftClient, snapshotDir, metrics, config.snapshotFlow());
        this.ticker = new Ticker(this::regionsNow, config.tickInterval());
        this.expiryPurger = new ExpiryPurger(this, config.expiryPurge(), System::currentTimeMillis);
        metrics.bindRegions(regions::size, () -> regions.values().stream().filter(RegionPeer::isLeader).count());
    }

    public void setPlacement(Placement placement) {
        this.placement = placement;
    }

    public void setRegionListener(RegionListener listener) {
        this.listener = listener;
    }

    /** Loads the regions persisted in the engine and starts driving them. */
    public void start() {
        engine.scan(ColumnFamily.RAFT, Keys.REGION_META_START, Keys.REGION_META_END, (k, v) -> {
            if (Keys.isRegionStateKey(k)) {
                RegionLocalState state = parse(v);
                if (state.getTombstone()) {
                    tombstones.put(state.getRegion().getId(), state.getRegion());
                } else {
                    long peerId = myPeerId(state.getRegion());
                    PeerStorage storage = PeerStorage.load(state.getRegion().getId(), engine, snapshots, state);
                    regions.put(state.getRegion().getId(), new RegionPeer(peerId, this, storage));
                }
            }
            return true;
        });
        LOG.info(() -> "store " + storeId + ": loaded " + regions.size() + " regions");
        batchSystem.start(config.pollers(), String.valueOf(storeId));
        ticker.start("raftstore-ticker-" + storeId);
        expiryPurger.start();
        started = true;
    }

    /** From now on a message for a region this store does not hold may create its peer. */
    public void allowPeerCreation() {
        creatingPeers = true;
    }

    public void stop() {
        expiryPurger.stop();
        ticker.stop();
        batchSystem.stop();
        snapshotSender.close();
        snapshots.closeAll();
    }

    private static RegionLocalState parse(byte[] v) {
        try {
            return RegionLocalState.parseFrom(v);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException("corrupt region state", e);
        }
    }

    private long myPeerId(Region region) {
        for (Peer p : region.getPeersList()) {
            if (p.getStoreId() == storeId) {
                return p.getId();
            }
        }
        throw new IllegalStateException("region " + region.getId() + " has no peer on store " + storeId);
    }

    /** Creates the first region of the cluster here (one founding peer of it), unless this store has it. */
    public synchronized void bootstrapRegion(Region region) {
        RegionPeer existing = regions.get(region.getId());
        if ((existing != null && existing.storage().isInitialized()) || tombstones.containsKey(region.getId())) {
            return;
        }
        if (existing != null) {
            existing.markDestroyed();
            regions.remove(region.getId());
        }
        createFounding(region);
    }

    private RegionPeer createFounding(Region region) {
        List<Long> voters = region.getPeersList().stream().filter(p -> p.getRole() == io.managedkvs.raftkv.proto.meta.PeerRole.VOTER)
                .map(Peer::getId).toList();
        List<Long> learners = region.getPeersList().stream().filter(p -> p.getRole() == io.managedkvs.raftkv.proto.meta.PeerRole.LEARNER)
                .map(Peer::getId).toList();
        try (EngineBatch batch = engine.newBatch()) {
            PeerStorage.writeFounding(batch, region, ConfState.of(voters, learners));
            engine.write(batch, true);
        }
        RegionLocalState state = parse(engine.get(ColumnFamily.RAFT, Keys.regionStateKey(region.getId())));
        RegionPeer peer = new RegionPeer(myPeerId(region), this, PeerStorage.load(region.getId(), engine, snapshots, state));
        regions.put(region.getId(), peer);
        peer.addTicks(1);
        return peer;
    }

    // ---------------------------------------------------------------- routing

    public RegionPeer region(long regionId) {
        return regions.get(regionId);
    }

    public Collection<RegionPeer> regions() {
        return regions.values();
    }

    private Collection<RegionPeer> regionsNow() {
        return regions.values();
    }

    /** Hot path: one map lookup and a queue offer. */
    @Override
    public void deliver(RaftMessage message) {
        if (!started) {
            return;
        }
        RegionPeer peer = regions.get(message.getRegionId());
        if (message.getTombstone()) {
            if (peer != null && peer.peerId() == message.getToPeer().getId()) {
                peer.offer(new PeerMsg.Destroy(message.getRegion().getEpoch().getConfVer()));
            }
            return;
        }
        if (peer == null) {
            peer = maybeCreate(message);
            if (peer == null) {
                return;
            }
        }
        peer.offer(new PeerMsg.Raft(message));
    }

    @Override
    public void deliverSnapshot(RaftMessage message, Path file) {
        if (!started) {
            return;
        }
        RegionPeer peer = regions.get(message.getRegionId());
        if (peer == null) {
            peer = maybeCreate(message);
        }
        if (peer != null) {
            peer.offer(new PeerMsg.InboundSnapshot(message, file));
        }
    }

    /**
     * Creates an empty peer for a message to a region this store does not hold, unless it is for the
     * replica removed from here, or overlaps a region held here (a split not applied here yet creates it).
     */
    private synchronized RegionPeer maybeCreate(RaftMessage m) {
        RegionPeer existing = regions.get(m.getRegionId());
        if (existing != null) {
            return existing;
        }
        if (!creatingPeers || m.getToPeer().getStoreId() != storeId || !outlivesTombstone(m)) {
            return null;
        }
        MessageType type = MessageType.values()[m.getMessage().getTypeValue()];
        boolean splitPending = claimedBySplit.contains(m.getRegionId()) || overlapsInitialized(m.getRegion());
        if (splitPending && (type == MessageType.PRE_VOTE || type == MessageType.VOTE)) {
            // The new region's member beside the parent's leader campaigns as soon as its store
            // applied the split, often before this store has: keep the request for the peer.
            earlyVotes.hold(m);
            return null;
        }
        if (splitPending || (type != MessageType.APPEND && type != MessageType.HEARTBEAT && type != MessageType.SNAPSHOT)) {
            return null;
        }
        Region shell = Region.newBuilder().setId(m.getRegionId()).setStartKey(m.getRegion().getStartKey())
                .setEndKey(m.getRegion().getEndKey()).build();
        RegionPeer peer = new RegionPeer(m.getToPeer().getId(), this, PeerStorage.empty(m.getRegionId(), engine, snapshots, shell));
        regions.put(m.getRegionId(), peer);
        tombstones.remove(m.getRegionId());
        LOG.info(() -> "store " + storeId + ": created peer " + m.getToPeer().getId() + " of region " + m.getRegionId()
                + " to receive its state");
        return peer;
    }

    /**
     * Whether a message may create a peer of its region here: always, unless this store's replica
     * of the region was removed. Then only for a replica PD added again later (a store that gave a
     * replica away may be the best place for one when another store is lost): the sender's region
     * has a later membership than the one that removed the old replica, and the message is not for
     * a peer that membership knew. A stale message to the removed replica never revives it.
     */
    private boolean outlivesTombstone(RaftMessage m) {
        Region removed = tombstones.get(m.getRegionId());
        if (removed == null) {
            return true;
        }
        long toPeer = m.getToPeer().getId();
        return m.getRegion().getEpoch().getConfVer() > removed.getEpoch().getConfVer()
                && removed.getPeersList().stream().noneMatch(p -> p.getId() == toPeer);
    }

    private boolean overlapsInitialized(Region region) {
        for (RegionPeer p : regions.values()) {
            if (p.storage().isInitialized() && RegionRange.overlaps(p.region(), region)) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- StoreContext

    @Override
    public long storeId() {
        return storeId;
    }

    @Override
    public StorageEngine engine() {
        return engine;
    }

    @Override
    public SnapshotRegistry snapshots() {
        return snapshots;
    }

    @Override
    public StoreMetrics metrics() {
        return metrics;
    }

    @Override
    public RaftStoreConfig config() {
        return config;
    }

    @Override
    public void schedule(RegionPeer peer) {
        batchSystem.schedule(peer);
    }

    /** Hot path: converts and queues in the poller's buffer. */
    @Override
    public void send(RegionPeer from, Region region, Message message, long toStoreId) {
        RaftMessage.Builder m = RaftMessage.newBuilder().setRegionId(from.regionId())
                .setFromPeer(Peer.newBuilder().setId(from.peerId()).setStoreId(storeId))
                .setToPeer(Peer.newBuilder().setId(message.to()).setStoreId(toStoreId))
                .setRegion(Region.newBuilder().setId(region.getId()).setStartKey(region.getStartKey())
                        .setEndKey(region.getEndKey()).setEpoch(region.getEpoch()))
                .setMessage(MessageCodec.toProto(message));
        if (message.type() == MessageType.SNAPSHOT) {
            long to = message.to();
            snapshotSender.send(m.build(), toStoreId, ok -> from.offer(new PeerMsg.SnapshotReport(to, ok)));
            return;
        }
        raftClient.enqueue(toStoreId, m.build());
    }

    @Override
    public void sendTombstone(RegionPeer from, Region region, long toPeerId, long toStoreId) {
        raftClient.enqueue(toStoreId, RaftMessage.newBuilder().setRegionId(from.regionId())
                .setFromPeer(Peer.newBuilder().setId(from.peerId()).setStoreId(storeId))
                .setToPeer(Peer.newBuilder().setId(toPeerId).setStoreId(toStoreId))
                .setRegion(region).setTombstone(true).build());
    }

    @Override
    public synchronized boolean claimSplitRegion(long regionId) {
        if (regions.containsKey(regionId) || tombstones.containsKey(regionId)) {
            return false;
        }
        claimedBySplit.add(regionId);
        return true;
    }

    @Override
    public synchronized void splitApplied(RegionPeer parent, Region left, Region right, boolean wasLeader, boolean created,
                                          long splitLeader) {
        metrics.splits.increment();
        listener.changed(parent);
        if (wasLeader) {
            reportSplit(left, right);
        }
        if (!created) {
            return;
        }
        claimedBySplit.remove(right.getId());
        RegionLocalState state = parse(engine.get(ColumnFamily.RAFT, Keys.regionStateKey(right.getId())));
        RegionPeer peer = new RegionPeer(myPeerId(right), this, PeerStorage.load(right.getId(), engine, snapshots, state), splitLeader);
        peer.markCreatedBySplit();
        regions.put(right.getId(), peer);
        earlyVotes.replayTo(peer);
        peer.addTicks(1);
        LOG.info(() -> "store " + storeId + ": region " + parent.regionId() + " split into " + left.getId() + " and " + right.getId());
        if (splitLeader == peer.peerId()) {
            peer.campaignSoon();
        }
        listener.changed(peer);
    }

    private void reportSplit(Region left, Region right) {
        Placement pd = placement;
        if (pd == null) {
            return;
        }
        try {
            background.execute(() -> {
                try {
                    pd.reportSplit(left, right);
                } catch (RuntimeException e) {
                    LOG.warning("cannot report split of region " + left.getId() + ": " + e.getMessage());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.warning("cannot report split of region " + left.getId() + ": " + e.getMessage());
        }
    }

    @Override
    public synchronized void peerDestroyed(RegionPeer peer) {
        regions.remove(peer.regionId(), peer);
        tombstones.put(peer.regionId(), peer.region());
        LOG.info(() -> "store " + storeId + ": removed " + peer);
    }

    @Override
    public void requestSplit(RegionPeer peer, Region region, byte[] splitKey) {
        Placement pd = placement;
        if (pd == null) {
            return;
        }
        try {
            background.execute(() -> split(peer, region, splitKey, pd));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.fine("split of region " + region.getId() + " not queued: " + e.getMessage());
        }
    }

    private void split(RegionPeer peer, Region region, byte[] requestedKey, Placement pd) {
        try {
            byte[] key = requestedKey != null ? requestedKey : SplitChecker.middleKey(engine, region);
            if (key == null) {
                return;
            }
            AskSplitResponse ids = pd.askSplit(region);
            RaftCommand cmd = RaftCommand.newBuilder().setEpoch(region.getEpoch())
                    .setSplit(SplitCommand.newBuilder().setSplitKey(com.google.protobuf.ByteString.copyFrom(key))
                            .setNewRegionId(ids.getNewRegionId()).addAllNewPeerIds(ids.getNewPeerIdsList()))
                    .build();
            peer.offer(new PeerMsg.Propose(cmd, r -> {
                if (r.error() != null) {
                    LOG.info("split of region " + region.getId() + " refused: " + r.error().getMessage());
                }
            }));
        } catch (RuntimeException e) {
            LOG.warning("split of region " + region.getId() + " failed: " + e.getMessage());
        }
    }

    @Override
    public List<Region> regionsSince(Region current, long staleVersion) {
        List<Region> out = new ArrayList<>();
        out.add(current);
        if (staleVersion >= current.getEpoch().getVersion()) {
            return out;
        }
        // A split keeps the left half under the old id and gives the right half a newer version:
        // follow right neighbours newer than the request. Error path only; bounded walk.
        Region last = current;
        while (!last.getEndKey().isEmpty() && out.size() < MAX_REGIONS_IN_EPOCH_ERROR) {
            Region next = null;
            for (RegionPeer p : regions.values()) {
                Region r = p.region();
                if (!p.isDestroyed() && r.getStartKey().equals(last.getEndKey()) && r.getEpoch().getVersion() > staleVersion) {
                    next = r;
                    break;
                }
            }
            if (next == null) {
                break;
            }
            out.add(next);
            last = next;
        }
        return out;
    }

    @Override
    public void regionChanged(RegionPeer peer) {
        listener.changed(peer);
    }

    /** Regions this store leads. */
    public List<RegionPeer> leaders() {
        return regions.values().stream().filter(RegionPeer::isLeader).toList();
    }

    public boolean isRunning() {
        return batchSystem.isRunning();
    }

    /** Region ids known here, for tests and status. */
    public Set<Long> regionIds() {
        return new HashSet<>(regions.keySet());
    }
}
