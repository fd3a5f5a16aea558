package io.managedkvs.raftkv.store.raftstore;

import com.google.protobuf.InvalidProtocolBufferException;
import io.managedkvs.raft.message.Snapshot;
import io.managedkvs.raftkv.proto.meta.Region;
import io.managedkvs.raftkv.proto.transport.RegionLocalState;
import io.managedkvs.raftkv.proto.transport.SnapshotData;
import io.managedkvs.raftkv.store.engine.ColumnFamily;
import io.managedkvs.raftkv.store.engine.EngineBatch;
import io.managedkvs.raftkv.store.engine.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * Installs a received region snapshot: clears the region's key range, ingests the SST file that
 * came with it, and records the snapshot as the region's applied state in the round's batch, with
 * the pending peers it carries (so a peer whose membership change follows the snapshot is
 * addressable once it joins, here and after a restart). A
 * crash between the ingestion and the batch leaves the old applied state, so the leader sends the
 * snapshot again; ingesting it twice is harmless.
 */
final class SnapshotApplier {

    private static final Logger LOG = Logger.getLogger(SnapshotApplier.class.getName());

    private SnapshotApplier() {
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warning("cannot delete snapshot file " + file + " (removed at the next start): " + e.getMessage());
        }
    }

    static void apply(RegionPeer peer, StoreContext store, PeerStorage storage, Snapshot snap, Path file, EngineBatch batch) {
        SnapshotData data;
        try {
            data = SnapshotData.parseFrom(snap.data());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(peer + ": snapshot " + snap.index() + " carries no region", e);
        }
        Region region = data.getRegion();
        try (EngineBatch clear = store.engine().newBatch()) {
            clear.deleteRange(ColumnFamily.DATA, Keys.dataKey(region.getStartKey().toByteArray()),
                    Keys.dataEnd(region.getEndKey().toByteArray()));
            store.engine().write(clear, true);
        }
        if (file != null) {
            try {
                store.engine().ingest(ColumnFamily.DATA, file);
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new StorageException(peer + ": cannot ingest snapshot " + snap.index() + ": " + e.getMessage(), e);
            }
        }
        RegionLocalState.Builder state = RegionLocalState.newBuilder().setRegion(region)
                .setConfState(Codec.toProto(snap.confState())).addAllPendingPeers(data.getPendingPeersList());
        storage.applySnapshot(batch, snap, PendingPeers.keepNonMembers(state, snap.confState()).build());
        PendingPeers.remember(peer, storage.regionState());
        peer.setRegion(region);
        store.metrics().snapshotsApplied.increment();
        store.regionChanged(peer);
    }
}
