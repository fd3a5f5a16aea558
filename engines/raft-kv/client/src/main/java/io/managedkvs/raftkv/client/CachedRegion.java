package io.managedkvs.raftkv.client;

import com.google.protobuf.ByteString;
import io.managedkvs.raftkv.proto.kv.Context;
import io.managedkvs.raftkv.proto.meta.Peer;
import io.managedkvs.raftkv.proto.meta.PeerRole;
import io.managedkvs.raftkv.proto.meta.Region;

/**
 * A region as the client believes it to be, with the leader it will send to and the request
 * context built once, so that a request on the hot path allocates no context of its own.
 *
 * @param region  the region's range, epoch and peers
 * @param leader  the peer believed to lead, or null when unknown (the client then tries the voters in turn)
 * @param context what requests to this region carry
 */
record CachedRegion(Region region, Peer leader, Context context) {

    static CachedRegion of(Region region, Peer leader) {
        Peer known = leader == null || leader.getId() == 0 || !hasPeer(region, leader.getId()) ? null : leader;
        Context context = Context.newBuilder().setRegionId(region.getId()).setRegionEpoch(region.getEpoch()).build();
        return new CachedRegion(region, known, context);
    }

    long id() {
        return region.getId();
    }

    ByteString startKey() {
        return region.getStartKey();
    }

    ByteString endKey() {
        return region.getEndKey();
    }

    boolean contains(ByteString key) {
        return Keys.inRange(key, region.getStartKey(), region.getEndKey());
    }

    CachedRegion withLeader(Peer newLeader) {
        return new CachedRegion(region, newLeader != null && hasPeer(region, newLeader.getId()) ? newLeader : null, context);
    }

    /**
     * The store to send the {@code attempt}-th try to: the leader's when one is known, otherwise the
     * voters in turn, so that a client that lost the leader finds the new one by being redirected.
     */
    long targetStore(int attempt) {
        if (leader != null) {
            return leader.getStoreId();
        }
        int voters = 0;
        for (Peer p : region.getPeersList()) {
            if (p.getRole() == PeerRole.VOTER) {
                voters++;
            }
        }
        if (voters == 0) {
            return region.getPeersCount() == 0 ? 0 : region.getPeers(Math.floorMod(attempt, region.getPeersCount())).getStoreId();
        }
        int pick = Math.floorMod(attempt, voters);
        for (Peer p : region.getPeersList()) {
            if (p.getRole() == PeerRole.VOTER && pick-- == 0) {
                return p.getStoreId();
            }
        }
        throw new IllegalStateException("unreachable");
    }

    private static boolean hasPeer(Region region, long peerId) {
        for (Peer p : region.getPeersList()) {
            if (p.getId() == peerId) {
                return true;
            }
        }
        return false;
    }
}
