package io.managedkvs.raftkv.store.raftstore;

import io.managedkvs.raft.message.Snapshot;
import io.managedkvs.raftkv.proto.meta.Region;
import io.managedkvs.raftkv.store.engine.EngineView;
import io.managedkvs.raftkv.store.engine.StorageEngine;
import java.util.HashMap;
import java.util.Map;

/**
 * Region snapshots the core produced and the transport has not sent yet. Producing one takes a
 * point-in-time engine view on the poller thread (cheap); the snapshot sender exports the region's
 * data from that view into an SST file on its own thread, so the poller never waits for it.
 */
public final class SnapshotRegistry {

    /** A snapshot and the image its data is cut from. Whoever takes it closes the view. */
    public record Generated(Snapshot snapshot, Region region, EngineView view) {
    }

    private final Map<Long, Generated> pending = new HashMap<>();

    synchronized void register(long regionId, Snapshot snap, Region region, StorageEngine engine) {
        Generated old = pending.get(regionId);
        if (old != null && old.snapshot().index() == snap.index()) {
            return;
        }
        if (old != null) {
            old.view().close();
        }
        pending.put(regionId, new Generated(snap, region, engine.view()));
    }

    /** The snapshot to send for {@code regionId} at {@code index}, or null if it is gone. */
    public synchronized Generated take(long regionId, long index) {
        Generated g = pending.get(regionId);
        if (g == null || g.snapshot().index() != index) {
            return null;
        }
        pending.remove(regionId);
        return g;
    }

    public synchronized int size() {
        return pending.size();
    }

    public synchronized void closeAll() {
        pending.values().forEach(g -> g.view().close());
        pending.clear();
    }
}
