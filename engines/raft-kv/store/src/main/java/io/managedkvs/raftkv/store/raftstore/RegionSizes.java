package io.managedkvs.raftkv.store.raftstore;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Measures the regions this store leads, for PD's heartbeats and for splitting: every
 * {@code splitCheckInterval}, each led region that took writes since it was last measured is
 * scanned (up to one key past the limit), and one over a limit is split at its middle key.
 */
public final class RegionSizes {

    private static final Logger LOG = Logger.getLogger(RegionSizes.class.getName());

    /** Keys and bytes of a region's data. */
    public record Size(long keys, long bytes) {
        static final Size UNKNOWN = new Size(0, 0);
    }

    private final RaftStore store;
    private final Map<Long, Size> sizes = new ConcurrentHashMap<>();
    private volatile Thread thread;

    public RegionSizes(RaftStore store) {
        this.store = store;
    }

    public Size get(long regionId) {
        return sizes.getOrDefault(regionId, Size.UNKNOWN);
    }

    public void start() {
        Thread t = new Thread(this::run, "split-check-" + store.storeId());
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
        long interval = store.config().splitCheckInterval().toMillis();
        while (thread == Thread.currentThread()) {
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return;
            }
            try {
                checkAll();
            } catch (RuntimeException e) {
                LOG.warning("split check failed: " + e.getMessage());
            }
        }
    }

    /** One pass over the led regions. */
    public void checkAll() {
        RaftStoreConfig cfg = store.config();
        sizes.keySet().removeIf(id -> store.region(id) == null);
        for (RegionPeer peer : store.leaders()) {
            if (peer.writtenBytesSinceCheck() == 0 && sizes.containsKey(peer.regionId())) {
                continue;
            }
            peer.resetWrittenSinceCheck();
            SplitChecker.Size s = SplitChecker.size(store.engine(), peer.region(), cfg.regionMaxKeys());
            sizes.put(peer.regionId(), new Size(s.keys(), s.bytes()));
            if (s.keys() > cfg.regionMaxKeys() || s.bytes() > cfg.regionMaxBytes()) {
                LOG.info(() -> peer + ": " + s.keys() + " keys, " + s.bytes() + " bytes: over the limit, splitting");
                store.requestSplit(peer, peer.region(), null);
            }
        }
    }
}
