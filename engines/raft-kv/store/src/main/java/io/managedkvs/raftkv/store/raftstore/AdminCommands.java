package io.managedkvs.raftkv.store.raftstore;

import io.managedkvs.raft.membership.ConfChange;
import io.managedkvs.raftkv.proto.meta.Region;
import io.managedkvs.raftkv.proto.meta.RegionEpoch;
import io.managedkvs.raftkv.proto.pd.ChangePeer;
import io.managedkvs.raftkv.proto.pd.RegionCommand;
import io.managedkvs.raftkv.proto.transport.RaftCommand;
import java.util.logging.Logger;

/** Carries out what PD asked of a region's leader, if the region's epoch is still the one PD saw. */
final class AdminCommands {

    private static final Logger LOG = Logger.getLogger(AdminCommands.class.getName());
    private static final ApplyCallback IGNORE = r -> { };

    private AdminCommands() {
    }

    static void execute(RegionPeer peer, RegionCommand cmd) {
        Region region = peer.region();
        RegionEpoch epoch = region.getEpoch();
        if (!peer.isLeader() || !cmd.getRegionEpoch().equals(epoch)) {
            LOG.fine(() -> peer + ": ignoring PD command for epoch " + cmd.getRegionEpoch() + ", now " + epoch);
            return;
        }
        switch (cmd.getCommandCase()) {
            case CHANGE_PEER -> changePeer(peer, region, cmd.getChangePeer());
            case TRANSFER_LEADER -> peer.transferLeadership(cmd.getTransferLeader().getPeer().getId());
            case SPLIT -> peer.store().requestSplit(peer, region,
                    cmd.getSplit().getSplitKey().isEmpty() ? null : cmd.getSplit().getSplitKey().toByteArray());
            default -> LOG.warning(peer + ": unknown PD command " + cmd.getCommandCase());
        }
    }

    private static void changePeer(RegionPeer peer, Region region, ChangePeer change) {
        long id = change.getPeer().getId();
        ConfChange cc = switch (change.getType()) {
            case ADD_LEARNER -> ConfChange.addLearner(id);
            case PROMOTE_LEARNER -> ConfChange.addVoter(id);
            case REMOVE_PEER -> ConfChange.remove(id);
            default -> null;
        };
        if (cc == null) {
            return;
        }
        if (change.getType() == io.managedkvs.raftkv.proto.pd.ChangePeerType.ADD_LEARNER) {
            // Every replica must know the new peer's store before the change applies, so that
            // whichever of them leads next can reach it.
            peer.peerStores.put(id, change.getPeer().getStoreId());
            peer.propose(RaftCommand.newBuilder().setEpoch(region.getEpoch()).setPeerStore(change.getPeer()).build(), IGNORE);
        }
        if (!peer.proposeConfChange(cc)) {
            LOG.info(() -> peer + ": membership change " + cc + " refused now; PD will ask again");
        } else {
            LOG.info(() -> peer + ": proposed membership change " + cc);
        }
    }
}
