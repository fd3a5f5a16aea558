package io.managedkvs.raftkv.store.raftstore;

import io.managedkvs.raftkv.proto.meta.Region;
import io.managedkvs.raftkv.proto.transport.ExpiredKey;
import io.managedkvs.raftkv.proto.transport.PurgeExpiredCommand;
import io.managedkvs.raftkv.proto.transport.RaftCommand;
import io.managedkvs.raftkv.store.engine.ByteKeys;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Deletes expired keys from the regions this store leads. Reads already hide an expired value;
 * this gives its space back. Every {@code interval}, one thread of its own (never a poller or a
 * gRPC thread: a region may hold millions of keys) walks each led region in pages
 * ({@link ExpiredKeyScanner}) and proposes the expired keys it found, at most {@code batchKeys}
 * per PurgeExpired command and {@code passKeys} per region and pass (the next pass resumes where
 * this one stopped). At most {@code maxInFlight} of this store's purge commands wait for apply at
 * a time, so a region full of expired keys adds a few Raft entries to the pipeline, never a flood
 * ahead of client writes. Deciding on a stale view is safe: {@link ExpiredKeyPurge} deletes a key
 * only if it still carries the expiry seen here.
 */
final class ExpiryPurger {

    private static final Logger LOG = Logger.getLogger(ExpiryPurger.class.getName());
    /** How long a pass waits for a purge command to apply before it gives up until the next pass. */
    private static final long APPLY_WAIT_SECONDS = 30;

    private final RaftStore store;
    private final ExpiryPurgeConfig config;
    private final LongSupplier clock;
    private final Semaphore inFlight;
    /** Where the next pass resumes in a region that had more expired keys than one pass takes. Purger thread only. */
    private final Map<Long, byte[]> resumeAt = new HashMap<>();
    private volatile ScheduledExecutorService timer;

    ExpiryPurger(RaftStore store, ExpiryPurgeConfig config, LongSupplier clock) {
        this.store = store;
        this.config = config;
        this.clock = clock;
        this.inFlight = new Semaphore(config.maxInFlight());
    }

    void start() {
        if (!config.enabled()) {
            return;
        }
        ScheduledExecutorService t = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "expiry-purge-" + store.storeId());
            thread.setDaemon(true);
            return thread;
        });
        long interval = config.interval().toMillis();
        t.scheduleWithFixedDelay(this::pass, interval, interval, TimeUnit.MILLISECONDS);
        timer = t;
    }

    void stop() {
        ScheduledExecutorService t = timer;
        timer = null;
        if (t != null) {
            t.shutdownNow();
            // A page in progress reads the engine, which the store closes next: let it finish (it is bounded).
            try {
                if (!t.awaitTermination(5, TimeUnit.SECONDS)) {
                    LOG.warning("store " + store.storeId() + ": expiry purge did not stop within 5 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void pass() {
        try {
            passOverLeaders();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warning("store " + store.storeId() + ": expiry purge pass failed: " + e.getMessage());
        }
    }

    /** One pass over the regions this store leads. */
    void passOverLeaders() throws InterruptedException {
        resumeAt.keySet().removeIf(id -> store.region(id) == null);
        for (RegionPeer peer : store.leaders()) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            purge(peer);
        }
        store.metrics().expiryPurgePasses.increment();
    }

    private void purge(RegionPeer peer) throws InterruptedException {
        Region region = peer.region();
        byte[] from = startKey(region);
        int budget = config.passKeys();
        while (peer.isLeader() && !peer.isDestroyed() && peer.region().getEpoch().equals(region.getEpoch())) {
            long now = clock.getAsLong();
            ExpiredKeyScanner.Page page = ExpiredKeyScanner.scan(store.engine(), region, from,
                    Math.min(budget, config.batchKeys()), now);
            if (!page.keys().isEmpty()) {
                if (!propose(peer, region, page.keys(), now)) {
                    resumeAt.remove(peer.regionId());
                    return;
                }
                budget -= page.keys().size();
            }
            if (page.next() == null) {
                resumeAt.remove(peer.regionId());
                return;
            }
            from = page.next();
            if (budget == 0) {
                resumeAt.put(peer.regionId(), from);
                return;
            }
        }
    }

    /** Where this pass starts in {@code region}: where the last one stopped, if that is still in the region. */
    private byte[] startKey(Region region) {
        byte[] start = region.getStartKey().toByteArray();
        byte[] saved = resumeAt.get(region.getId());
        if (saved == null || !RegionRange.contains(region, saved)) {
            return start;
        }
        return ByteKeys.compare(saved, start) > 0 ? saved : start;
    }

    /** Proposes one page once fewer than {@code maxInFlight} are in flight; false if the region refused or the wait ran out. */
    private boolean propose(RegionPeer peer, Region region, List<ExpiredKey> keys, long nowMs) throws InterruptedException {
        if (!inFlight.tryAcquire(APPLY_WAIT_SECONDS, TimeUnit.SECONDS)) {
            LOG.info(() -> peer + ": purge commands did not apply within " + APPLY_WAIT_SECONDS + " s; trying again next pass");
            return false;
        }
        RaftCommand cmd = RaftCommand.newBuilder().setEpoch(region.getEpoch()).setNowMs(nowMs)
                .setPurgeExpired(PurgeExpiredCommand.newBuilder().addAllKeys(keys)).build();
        boolean queued = peer.offer(new PeerMsg.Propose(cmd, r -> {
            inFlight.release();
            if (r.error() != null) {
                LOG.fine(() -> peer + ": purge of " + keys.size() + " expired keys not applied: " + r.error().getMessage());
            }
        }));
        if (!queued) {
            inFlight.release();
        }
        return queued;
    }
}
