package io.managedkvs.raftkv.client;

import com.google.protobuf.ByteString;
import io.managedkvs.raftkv.proto.meta.Peer;
import io.managedkvs.raftkv.proto.meta.PeerRole;
import io.managedkvs.raftkv.proto.meta.Region;
import io.managedkvs.raftkv.proto.meta.RegionEpoch;

/** Regions for tests: id, range, epoch version, and one voter on each of stores 1..3 (peer id = id * 10 + store). */
final class Regions {

    private Regions() {
    }

    static Region region(long id, String start, String end, long version) {
        return region(id, start, end, version, 1);
    }

    static Region region(long id, String start, String end, long version, long confVer) {
        Region.Builder b = Region.newBuilder().setId(id).setStartKey(bs(start)).setEndKey(bs(end))
                .setEpoch(RegionEpoch.newBuilder().setVersion(version).setConfVer(confVer));
        for (long store = 1; store <= 3; store++) {
            b.addPeers(peer(id, store));
        }
        return b.build();
    }

    static Peer peer(long regionId, long store) {
        return Peer.newBuilder().setId(regionId * 10 + store).setStoreId(store).setRole(PeerRole.VOTER).build();
    }

    static ByteString bs(String s) {
        return ByteString.copyFromUtf8(s);
    }
}
