package io.managedkvs.raftkv.store.raftstore;

import io.managedkvs.raftkv.proto.meta.Region;
import io.managedkvs.raftkv.proto.transport.ExpiredKey;
import io.managedkvs.raftkv.proto.transport.PurgeExpiredCommand;
import io.managedkvs.raftkv.store.engine.ColumnFamily;
import io.managedkvs.raftkv.store.engine.EngineBatch;

/**
 * Applies a PurgeExpired command on any replica. The leader found the keys expired in a view
 * that may be stale by the time the command applies: a key Put again since (another expiry, or
 * none) or not expired at the command's time must survive. So each key is deleted only if the
 * value stored now (as this batch sees it) still carries the expiry the leader saw, and that
 * expiry is at or before the command's {@code now_ms}. Both depend only on the command and the
 * replicated state, never on this replica's clock, so every replica deletes the same keys.
 */
final class ExpiredKeyPurge {

    private ExpiredKeyPurge() {
    }

    /** Deletes the keys of {@code cmd} that are still expired with the same expiry; returns how many. */
    static int apply(Region region, PurgeExpiredCommand cmd, long nowMs, EngineBatch batch) {
        int purged = 0;
        for (ExpiredKey e : cmd.getKeysList()) {
            long expireAt = e.getExpireAtMs();
            byte[] key = e.getKey().toByteArray();
            // A key outside the region (it split since the scan) belongs to another Raft group.
            if (expireAt == 0 || expireAt > nowMs || !RegionRange.contains(region, key)) {
                continue;
            }
            byte[] dk = Keys.dataKey(key);
            byte[] stored = batch.get(ColumnFamily.DATA, dk);
            if (stored != null && Codec.expireAt(stored) == expireAt) {
                batch.delete(ColumnFamily.DATA, dk);
                purged++;
            }
        }
        return purged;
    }
}
