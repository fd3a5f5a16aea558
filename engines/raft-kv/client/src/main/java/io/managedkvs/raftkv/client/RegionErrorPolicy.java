package io.managedkvs.raftkv.client;

import io.managedkvs.raftkv.proto.kv.EpochNotMatch;
import io.managedkvs.raftkv.proto.kv.NotLeader;
import io.managedkvs.raftkv.proto.kv.RegionError;
import io.managedkvs.raftkv.proto.meta.Peer;
import io.managedkvs.raftkv.proto.meta.Region;

/**
 * Turns a store's region error into a cache update and a retry advice, using what the error says is
 * true now: the leader it knows, the regions it holds after a split, the range it holds.
 */
final class RegionErrorPolicy {

    private RegionErrorPolicy() {
    }

    /**
     * @param error  the store's answer
     * @param sentTo the region the request was sent for
     * @param store  the store that answered
     * @param cache  updated with what the error says
     */
    static RetryAdvice apply(RegionError error, CachedRegion sentTo, long store, RegionCache cache) {
        String reason = error.getMessage().isEmpty() ? error.getErrorCase().name() : error.getMessage();
        switch (error.getErrorCase()) {
            case NOT_LEADER -> {
                NotLeader nl = error.getNotLeader();
                if (nl.hasLeader() && nl.getLeader().getId() != 0 && nl.getLeader().getStoreId() != store) {
                    cache.updateLeader(sentTo.id(), nl.getLeader());
                    return RetryAdvice.now(reason);
                }
                // An election is under way (or the store names itself, having just lost the lead): try the voters.
                cache.forgetLeader(sentTo.id());
                return RetryAdvice.afterBackoff(reason);
            }
            case EPOCH_NOT_MATCH -> {
                EpochNotMatch enm = error.getEpochNotMatch();
                cache.invalidate(sentTo.id());
                for (Region r : enm.getCurrentRegionsList()) {
                    // The answering store holds these; its peer is where to start looking for the leader.
                    cache.put(r, peerOn(r, store));
                }
                return enm.getCurrentRegionsCount() == 0 ? RetryAdvice.afterBackoff(reason) : RetryAdvice.now(reason);
            }
            case REGION_NOT_FOUND, KEY_NOT_IN_REGION -> {
                cache.invalidate(sentTo.id());
                return RetryAdvice.afterBackoff(reason);
            }
            case SERVER_IS_BUSY -> {
                long ms = error.getServerIsBusy().getBackoffMs();
                return ms > 0 ? RetryAdvice.after(ms, reason) : RetryAdvice.afterBackoff(reason);
            }
            default -> {
                cache.invalidate(sentTo.id());
                return RetryAdvice.afterBackoff(reason);
            }
        }
    }

    private static Peer peerOn(Region region, long store) {
        for (Peer p : region.getPeersList()) {
            if (p.getStoreId() == store) {
                return p;
            }
        }
        return null;
    }
}
