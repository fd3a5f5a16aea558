package io.managedkvs.raftkv.store.raftstore;

import io.managedkvs.raft.ProposalResult;
import io.managedkvs.raft.RaftNode;
import io.managedkvs.raft.ReadState;
import io.managedkvs.raft.Ready;
import io.managedkvs.raft.Role;
import io.managedkvs.raft.membership.ConfChange;
import io.managedkvs.raft.message.Message;
import io.managedkvs.raftkv.proto.kv.RegionError;
import io.managedkvs.raftkv.proto.meta.Peer;
import io.managedkvs.raftkv.proto.meta.Region;
import io.managedkvs.raftkv.proto.transport.RaftCommand;
import io.managedkvs.raftkv.store.engine.EngineBatch;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One replica of one region: the Raft node, its storage, its mailbox, and the requests waiting on
 * it. Any thread may post to the mailbox; everything else runs on whichever poller thread took the
 * peer from the batch system's queue (one at a time, guarded by {@link #scheduled}). gRPC threads
 * read the volatile region and leader fields to reject wrong requests early.
 */
public final class RegionPeer {

    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(RegionPeer.class.getName());

    private final long regionId;
    private final long peerId;
    private final StoreContext store;
    private final PeerStorage storage;
    private final RaftNode node;

    private final ConcurrentLinkedQueue<PeerMsg> mailbox = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger ticks = new AtomicInteger();
    final AtomicBoolean scheduled = new AtomicBoolean();
    /** Whether the current round took a Ready from the node (the batch system's bookkeeping, poller thread only). */
    boolean hadReady;

    private volatile Region region;
    private volatile boolean leader;
    private volatile long leaderPeerId;
    private volatile boolean destroyed;
    private volatile long publishedTerm;
    private volatile long publishedApplied;
    /** When a split created this peer (System.nanoTime), until it first learns a leader; 0 otherwise. */
    private long splitAtNanos;

    final Map<Long, Long> peerStores = new HashMap<>();
    final ArrayDeque<PendingProposal> proposals = new ArrayDeque<>();
    private final Map<Long, ReadCallback> reads = new HashMap<>();
    final ArrayDeque<PendingRead> waitingReads = new ArrayDeque<>();
    private long nextReadId;
    private java.nio.file.Path inboundSnapshotFile;
    private long inboundSnapshotIndex;

    /** Bytes written by the entry being applied (a one-slot accumulator the apply path reuses). */
    final long[] written = new long[1];
    private final LogGc logGc = new LogGc();
    private final CatchingUpPeers catchingUp = new CatchingUpPeers();
    private volatile long writtenBytesSinceCheck;

    Ready ready;
    private boolean readyMustSync;

    /** A proposal waiting for its entry; {@code command} is kept so the leader applies it without decoding it again. */
    record PendingProposal(long index, long term, RaftCommand command, ApplyCallback callback) {
    }

    record PendingRead(long index, ReadCallback callback) {
    }

    RegionPeer(long peerId, StoreContext store, PeerStorage storage) {
        this(peerId, store, storage, -1);
    }

    /**
     * A peer of a region a split has just created here; {@code splitLeader} is the member that may
     * be elected at once ({@link RaftNode#createdBySplit}), or 0, or -1 for a peer started from
     * what the store persisted or created for a message.
     */
    RegionPeer(long peerId, StoreContext store, PeerStorage storage, long splitLeader) {
        this.regionId = storage.regionState().getRegion().getId();
        this.peerId = peerId;
        this.store = store;
        this.storage = storage;
        this.region = storage.regionState().getRegion();
        for (Peer p : storage.regionState().getPendingPeersList()) {
            peerStores.put(p.getId(), p.getStoreId());
        }
        for (Peer p : region.getPeersList()) {
            peerStores.put(p.getId(), p.getStoreId());
        }
        this.node = splitLeader < 0 ? new RaftNode(store.config().raftConfig(peerId), storage)
                : RaftNode.createdBySplit(store.config().raftConfig(peerId), storage, splitLeader);
    }

    // ---------------------------------------------------------------- any thread

    public long regionId() {
        return regionId;
    }

    public long peerId() {
        return peerId;
    }

    /** The region as this store knows it; never null. */
    public Region region() {
        return region;
    }

    public boolean isLeader() {
        return leader;
    }

    public boolean isDestroyed() {
        return destroyed;
    }

    /** The leader as a Peer, or null if unknown. */
    public Peer leaderPeer() {
        long id = leaderPeerId;
        if (id == 0) {
            return null;
        }
        for (Peer p : region.getPeersList()) {
            if (p.getId() == id) {
                return p;
            }
        }
        return null;
    }

    long writtenBytesSinceCheck() {
        return writtenBytesSinceCheck;
    }

    void resetWrittenSinceCheck() {
        writtenBytesSinceCheck = 0;
    }

    /**
     * Posts a message; false when the mailbox is full (the caller answers ServerIsBusy). Raft
     * messages and reports bypass the bound: dropping them costs retransmissions, not safety.
     * Hot path: one queue node, no lock.
     */
    public boolean offer(PeerMsg msg) {
        boolean bounded = msg instanceof PeerMsg.Propose || msg instanceof PeerMsg.Read;
        if (bounded && queued.get() >= store.config().mailboxCapacity()) {
            return false;
        }
        queued.incrementAndGet();
        mailbox.add(msg);
        store.schedule(this);
        return true;
    }

    /** Adds elapsed ticks (the ticker counts by monotonic time, so a stalled store catches up). */
    void addTicks(int n) {
        ticks.addAndGet(n);
        store.schedule(this);
    }

    /**
     * Whether messages or ticks wait. Asks the mailbox itself, not the {@link #queued} count: a
     * poster counts before it adds, and one preempted in between made the count say "work" while
     * the mailbox was empty, so a poller that kept the region spun on empty rounds until the
     * poster ran again. A message added after this says no is not lost: its poster schedules the
     * region once the poller has released it.
     */
    boolean hasPendingInput() {
        return !mailbox.isEmpty() || ticks.get() > 0;
    }

    // ---------------------------------------------------------------- poller thread

    /** Feeds ticks and mailbox messages to the node. Hot path. */
    void handleInputs() {
        int n = ticks.getAndSet(0);
        for (int i = 0; i < n; i++) {
            node.tick();
        }
        if (n > 0) {
            catchingUp.onTicks(this, n);
        }
        PeerMsg msg;
        int budget = 4096;
        while (budget-- > 0 && (msg = mailbox.poll()) != null) {
            queued.decrementAndGet();
            if (destroyed) {
                rejectDestroyed(msg);
                continue;
            }
            handle(msg);
        }
        logGc.maybePropose(this, storage, store.config().logGc());
    }

    private void handle(PeerMsg msg) {
        if (msg instanceof PeerMsg.Raft r) {
            step(r.message());
        } else if (msg instanceof PeerMsg.Propose p) {
            propose(p.command(), p.callback());
        } else if (msg instanceof PeerMsg.Read r) {
            read(r.callback());
        } else if (msg instanceof PeerMsg.InboundSnapshot s) {
            dropUnusedInboundSnapshot();
            inboundSnapshotFile = s.file();
            inboundSnapshotIndex = s.message().getMessage().getSnapshot().getIndex();
            step(s.message());
        } else if (msg instanceof PeerMsg.Admin a) {
            AdminCommands.execute(this, a.command());
        } else if (msg instanceof PeerMsg.SnapshotReport r) {
            node.reportSnapshot(r.to(), r.success());
        } else if (msg instanceof PeerMsg.Unreachable u) {
            node.reportUnreachable(u.to());
        } else if (msg instanceof PeerMsg.Destroy d) {
            if (d.confVer() > region.getEpoch().getConfVer()) {
                PeerDestroyer.destroy(this);
            }
        } else if (msg instanceof PeerMsg.Campaign && !leader) {
            node.campaign();
        }
    }

    private void step(io.managedkvs.raftkv.proto.transport.RaftMessage m) {
        if (m.hasFromPeer() && m.getFromPeer().getStoreId() != 0) {
            peerStores.put(m.getFromPeer().getId(), m.getFromPeer().getStoreId());
        }
        Message message = MessageCodec.fromProto(m.getMessage());
        if (message.to() != peerId) {
            return;
        }
        node.step(message);
    }

    /** Proposes a command. Hot path: the callback waits in an array deque, no other allocation. */
    void propose(RaftCommand command, ApplyCallback callback) {
        if (!leader) {
            callback.done(ApplyResult.error(RegionErrors.notLeader(regionId, leaderPeer())));
            return;
        }
        if (command.getEpoch().getVersion() != region.getEpoch().getVersion()) {
            callback.done(ApplyResult.error(RegionErrors.epochNotMatch(regionId,
                    store.regionsSince(region, command.getEpoch().getVersion()))));
            return;
        }
        ProposalResult r = node.propose(command.toByteArray());
        if (!r.accepted()) {
            callback.done(ApplyResult.error(proposalError(r)));
            return;
        }
        proposals.add(new PendingProposal(r.index(), r.term(), command, callback));
    }

    private RegionError proposalError(ProposalResult r) {
        return switch (r.status()) {
            case TOO_MANY_UNCOMMITTED -> RegionErrors.busy("too many uncommitted proposals in region " + regionId, 20);
            case LEADER_TRANSFER_IN_PROGRESS -> RegionErrors.notLeader(regionId, null);
            default -> RegionErrors.notLeader(regionId, leaderPeer());
        };
    }

    /** Proposes a membership change (PD's ChangePeer); false if the core refused it. */
    boolean proposeConfChange(ConfChange change) {
        return node.proposeConfChange(change).accepted();
    }

    void transferLeadership(long toPeerId) {
        node.transferLeadership(toPeerId);
    }

    private void read(ReadCallback callback) {
        if (!leader) {
            callback.failed(RegionErrors.notLeader(regionId, leaderPeer()));
            return;
        }
        long id = ++nextReadId;
        if (!node.readIndex(id)) {
            callback.failed(RegionErrors.busy("reads are not confirmed in region " + regionId, 10));
            return;
        }
        reads.put(id, callback);
    }

    /** Takes the node's Ready, if any, and persists it into {@code batch}. Hot path. */
    boolean collectReady(EngineBatch batch) {
        if (destroyed || !node.hasReady()) {
            dropUnusedInboundSnapshot();
            return false;
        }
        ready = node.ready();
        readyMustSync = mustSync(ready);
        if (ready.snapshot() != null) {
            SnapshotApplier.apply(this, store, storage, ready.snapshot(), takeInboundSnapshotFile(ready.snapshot().index()), batch);
        }
        dropUnusedInboundSnapshot();
        storage.append(batch, ready.entries());
        if (ready.hardState() != null) {
            storage.setHardState(batch, ready.hardState());
        }
        return true;
    }

    /**
     * Whether the Ready must be durable before its messages go out: new entries, a snapshot, or a
     * new term or vote. A hard state whose only change is the commit index is written without an
     * fsync of its own (Raft does not need the commit index durable: a restarted node learns it
     * again, and the entries it covers were made durable when they were appended).
     */
    private boolean mustSync(Ready rd) {
        if (!rd.entries().isEmpty() || rd.snapshot() != null) {
            return true;
        }
        io.managedkvs.raft.message.HardState hs = rd.hardState();
        if (hs == null) {
            return false;
        }
        io.managedkvs.raft.message.HardState stored = storage.hardState();
        return hs.term() != stored.term() || hs.vote() != stored.vote();
    }

    /** Whether the Ready taken by {@link #collectReady} must be written with an fsync. */
    boolean readyMustSync() {
        return readyMustSync;
    }

    /** The command of a proposal this leader made for {@code index} in {@code term}, or null (then the entry is decoded). */
    RaftCommand proposedCommand(long index, long term) {
        PendingProposal p = proposals.peek();
        return p != null && p.index() == index && p.term() == term ? p.command() : null;
    }

    /**
     * Deletes a received snapshot file the core did not install (stale, or replaced by a newer one):
     * a snapshot the core accepts is in the Ready of the round that stepped it, so one still here
     * after that round's Ready is never used. Without this it stayed on disk until the next start.
     */
    private void dropUnusedInboundSnapshot() {
        if (inboundSnapshotFile != null) {
            SnapshotApplier.deleteQuietly(inboundSnapshotFile);
            inboundSnapshotFile = null;
        }
    }

    private java.nio.file.Path takeInboundSnapshotFile(long index) {
        java.nio.file.Path f = inboundSnapshotIndex == index ? inboundSnapshotFile : null;
        inboundSnapshotFile = null;
        return f;
    }

    /** Applies the Ready's committed entries into {@code batch}; outcomes go to {@code done}. Hot path. */
    void applyCommitted(EngineBatch batch, PollContext ctx) {
        EntryApplier.applyAll(this, store, storage, ready.committedEntries(), batch, ctx);
    }

    /** After the batch is durable: send, answer, advance. Hot path. */
    void afterWrite(PollContext ctx) {
        Ready rd = ready;
        for (Message m : rd.messages()) {
            Long storeId = peerStores.get(m.to());
            if (storeId != null && storeId != 0) {
                store.send(this, region, m, storeId);
            }
        }
        updateRole(rd);
        for (ReadState rs : rd.readStates()) {
            ReadCallback cb = reads.remove(rs.requestId());
            if (cb != null) {
                waitingReads.add(new PendingRead(rs.index(), cb));
            }
        }
        serveReads();
        node.advance();
        ready = null;
        publishedTerm = node.term();
        publishedApplied = storage.applied();
    }

    private void updateRole(Ready rd) {
        boolean nowLeader = rd.role() == Role.LEADER;
        boolean changed = nowLeader != leader || rd.leaderId() != leaderPeerId;
        leaderPeerId = rd.leaderId();
        if (splitAtNanos != 0 && rd.leaderId() != 0) {
            long nanos = System.nanoTime() - splitAtNanos;
            store.metrics().splitToLeader.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
            LOG.info(() -> "store " + store.storeId() + ": region " + regionId + " has leader " + rd.leaderId() + " "
                    + nanos / 1_000_000 + " ms after its split");
            splitAtNanos = 0;
        }
        if (leader && !nowLeader) {
            RegionError e = RegionErrors.notLeader(regionId, leaderPeer());
            reads.values().forEach(cb -> cb.failed(e));
            reads.clear();
            waitingReads.forEach(r -> r.callback().failed(e));
            waitingReads.clear();
        }
        leader = nowLeader;
        if (changed) {
            store.regionChanged(this);
        }
    }

    /** Serves reads whose index is applied. */
    void serveReads() {
        long applied = storage.applied();
        while (!waitingReads.isEmpty() && waitingReads.peek().index() <= applied) {
            waitingReads.poll().callback().ready(region);
        }
    }

    void setRegion(Region r) {
        this.region = r;
        for (Peer p : r.getPeersList()) {
            if (p.getStoreId() != 0) {
                peerStores.put(p.getId(), p.getStoreId());
            }
        }
    }

    void addWritten(long bytes) {
        writtenBytesSinceCheck += bytes;
    }

    /** This peer was just created by a split: time how long the new region goes without a leader. */
    void markCreatedBySplit() {
        splitAtNanos = System.nanoTime();
    }

    void campaignSoon() {
        offer(new PeerMsg.Campaign());
    }

    /** Marks the peer gone and fails everything waiting on it. */
    void markDestroyed() {
        destroyed = true;
        leader = false;
        RegionError e = RegionErrors.regionNotFound(regionId);
        proposals.forEach(p -> p.callback().done(ApplyResult.error(e)));
        proposals.clear();
        reads.values().forEach(cb -> cb.failed(e));
        reads.clear();
        waitingReads.forEach(r -> r.callback().failed(e));
        waitingReads.clear();
    }

    private void rejectDestroyed(PeerMsg msg) {
        RegionError e = RegionErrors.regionNotFound(regionId);
        if (msg instanceof PeerMsg.Propose p) {
            p.callback().done(ApplyResult.error(e));
        } else if (msg instanceof PeerMsg.Read r) {
            r.callback().failed(e);
        }
    }

    PeerStorage storage() {
        return storage;
    }

    RaftNode node() {
        return node;
    }

    StoreContext store() {
        return store;
    }

    /** The term as of the last round, for heartbeats from another thread. */
    public long term() {
        return publishedTerm;
    }

    /** At the leader, the members still catching up with its log ({@link CatchingUpPeers}); for heartbeats from another thread. */
    public List<Peer> pendingPeers() {
        return catchingUp.current(region, peerId);
    }

    /** The applied index as of the last round, for heartbeats from another thread. */
    public long appliedIndex() {
        return publishedApplied;
    }

    @Override
    public String toString() {
        return "region " + regionId + " peer " + peerId;
    }
}
