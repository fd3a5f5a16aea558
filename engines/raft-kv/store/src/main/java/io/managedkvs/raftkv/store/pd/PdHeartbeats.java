package io.managedkvs.raftkv.store.pd;

import io.managedkvs.raftkv.proto.meta.Peer;
import io.managedkvs.raftkv.proto.pd.RegionCommand;
import io.managedkvs.raftkv.proto.pd.RegionHeartbeat;
import io.managedkvs.raftkv.proto.pd.RegionHeartbeatResponse;
import io.managedkvs.raftkv.proto.pd.StoreStats;
import io.managedkvs.raftkv.store.raftstore.PeerMsg;
import io.managedkvs.raftkv.store.raftstore.RaftStore;
import io.managedkvs.raftkv.store.raftstore.RegionPeer;
import io.managedkvs.raftkv.store.raftstore.RegionSizes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * Reports to PD: the regions this store leads, in one call, every second (an empty call when it
 * leads none, so PD hears from it every second) and soon after a region changes leader or shape;
 * the store's load every ten seconds. Each region's report names the members still catching up
 * with its leader's log ({@code RegionPeer.pendingPeers}), so PD promotes a new learner only once
 * it has caught up. PD's answers carry commands, which go to the regions' mailboxes (each checks
 * the epoch before acting).
 */
public final class PdHeartbeats {

    private static final Logger LOG = Logger.getLogger(PdHeartbeats.class.getName());

    private final PdClient pd;
    private final RaftStore store;
    private final RegionSizes sizes;
    private final Path dataDir;
    private final long startTimeMs = System.currentTimeMillis();
    private final AtomicBoolean dirty = new AtomicBoolean();
    private volatile Thread thread;

    public PdHeartbeats(PdClient pd, RaftStore store, RegionSizes sizes, Path dataDir) {
        this.pd = pd;
        this.store = store;
        this.sizes = sizes;
        this.dataDir = dataDir;
    }

    /** A region changed: report within ~100 ms instead of waiting for the next second. */
    public void regionChanged() {
        dirty.set(true);
    }

    public void start() {
        Thread t = new Thread(this::run, "pd-heartbeats-" + store.storeId());
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    public void stop() {
        Thread t = thread;
        thread = null;
        if (t != null) {
            t.interrupt();
        }
    }

    private void run() {
        long lastRegions = 0;
        long lastStore = 0;
        while (thread == Thread.currentThread()) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.currentTimeMillis();
            try {
                if (now - lastStore >= 10_000) {
                    lastStore = now;
                    pd.storeHeartbeat(stats());
                }
                if (now - lastRegions >= 1_000 || dirty.getAndSet(false)) {
                    lastRegions = now;
                    reportRegions();
                }
            } catch (RuntimeException e) {
                LOG.fine(() -> "heartbeat to PD failed: " + e.getMessage());
            }
        }
    }

    void reportRegions() {
        List<RegionPeer> leaders = store.leaders();
        // Sent even when this store leads nothing: PD counts it as this store's sign of life, and
        // the store heartbeat alone (every ten seconds) would let a down-store timeout of a few
        // seconds declare a healthy follower-only store down and move its replicas away.
        List<RegionHeartbeat> beats = new ArrayList<>(leaders.size());
        for (RegionPeer p : leaders) {
            Peer leader = p.leaderPeer();
            if (leader == null) {
                continue;
            }
            RegionSizes.Size size = sizes.get(p.regionId());
            beats.add(RegionHeartbeat.newBuilder().setRegion(p.region()).setLeader(leader).setTerm(p.term())
                    .setAppliedIndex(p.appliedIndex()).setApproximateSizeBytes(size.bytes()).setApproximateKeys(size.keys())
                    .addAllPendingPeers(p.pendingPeers()).build());
        }
        RegionHeartbeatResponse response = pd.regionHeartbeat(store.storeId(), beats);
        for (RegionCommand cmd : response.getCommandsList()) {
            RegionPeer peer = store.region(cmd.getRegionId());
            if (peer != null) {
                LOG.info(() -> "store " + store.storeId() + ": PD asks region " + cmd.getRegionId() + " to " + cmd.getCommandCase());
                peer.offer(new PeerMsg.Admin(cmd));
            }
        }
    }

    private StoreStats stats() {
        long capacity = dataDir.toFile().getTotalSpace();
        long available = dataDir.toFile().getUsableSpace();
        return StoreStats.newBuilder().setStoreId(store.storeId()).setRegionCount(store.regions().size())
                .setLeaderCount(store.leaders().size()).setCapacityBytes(capacity).setAvailableBytes(available)
                .setUsedBytes(Math.max(0, capacity - available)).setStartTimeMs(startTimeMs).build();
    }
}
