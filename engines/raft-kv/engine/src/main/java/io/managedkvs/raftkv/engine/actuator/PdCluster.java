package io.managedkvs.raftkv.engine.actuator;

import java.util.List;

/**
 * What the placement driver reported about the whole cluster in one GetClusterStatus.
 *
 * @param bootstrapped           whether the first region exists
 * @param replicationFactor      copies of each region
 * @param stores                 every store it knows, tombstones included
 * @param regions                regions
 * @param underReplicatedRegions regions short of copies, or with a copy on a down store
 * @param leaderlessRegions      regions with no leader heard of
 * @param leaderAddress          the leading member's address, or empty
 */
public record PdCluster(boolean bootstrapped, int replicationFactor, List<PdStore> stores, long regions,
                        long underReplicatedRegions, long leaderlessRegions, String leaderAddress) {

    public PdCluster {
        stores = List.copyOf(stores);
        leaderAddress = leaderAddress == null ? "" : leaderAddress;
    }
}
