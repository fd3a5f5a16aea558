package io.managedkvs.raftkv.store.raftstore;

import com.google.protobuf.ByteString;
import io.managedkvs.raftkv.proto.kv.EpochNotMatch;
import io.managedkvs.raftkv.proto.kv.KeyNotInRegion;
import io.managedkvs.raftkv.proto.kv.NotLeader;
import io.managedkvs.raftkv.proto.kv.RegionError;
import io.managedkvs.raftkv.proto.kv.RegionNotFound;
import io.managedkvs.raftkv.proto.kv.ServerIsBusy;
import io.managedkvs.raftkv.proto.meta.Peer;
import io.managedkvs.raftkv.proto.meta.Region;
import java.util.List;

/** The structured region errors of kv.proto, with a message for logs. */
public final class RegionErrors {

    private RegionErrors() {
    }

    public static RegionError notLeader(long regionId, Peer leader) {
        NotLeader.Builder nl = NotLeader.newBuilder().setRegionId(regionId);
        if (leader != null) {
            nl.setLeader(leader);
        }
        return RegionError.newBuilder().setMessage("region " + regionId + ": this peer is not the leader")
                .setNotLeader(nl).build();
    }

    public static RegionError epochNotMatch(long regionId, List<Region> current) {
        return RegionError.newBuilder().setMessage("region " + regionId + ": epoch does not match")
                .setEpochNotMatch(EpochNotMatch.newBuilder().addAllCurrentRegions(current)).build();
    }

    public static RegionError regionNotFound(long regionId) {
        return RegionError.newBuilder().setMessage("region " + regionId + " is not on this store")
                .setRegionNotFound(RegionNotFound.newBuilder().setRegionId(regionId)).build();
    }

    public static RegionError keyNotInRegion(byte[] key, Region region) {
        return RegionError.newBuilder().setMessage("key is not in region " + region.getId())
                .setKeyNotInRegion(KeyNotInRegion.newBuilder().setKey(ByteString.copyFrom(key)).setRegionId(region.getId())
                        .setStartKey(region.getStartKey()).setEndKey(region.getEndKey())).build();
    }

    public static RegionError busy(String reason, long backoffMs) {
        return RegionError.newBuilder().setMessage("server is busy: " + reason)
                .setServerIsBusy(ServerIsBusy.newBuilder().setReason(reason).setBackoffMs(backoffMs)).build();
    }
}
