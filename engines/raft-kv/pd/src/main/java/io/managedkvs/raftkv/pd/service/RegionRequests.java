package io.managedkvs.raftkv.pd.service;

import io.managedkvs.raftkv.proto.meta.Region;
import io.managedkvs.raftkv.proto.pd.AskSplitRequest;
import io.managedkvs.raftkv.proto.pd.AskSplitResponse;
import io.managedkvs.raftkv.proto.pd.GetRegionByIdRequest;
import io.managedkvs.raftkv.proto.pd.GetRegionRequest;
import io.managedkvs.raftkv.proto.pd.GetRegionResponse;
import io.managedkvs.raftkv.proto.pd.PdErrorType;
import io.managedkvs.raftkv.proto.pd.RegionCommand;
import io.managedkvs.raftkv.proto.pd.RegionHeartbeat;
import io.managedkvs.raftkv.proto.pd.RegionHeartbeatRequest;
import io.managedkvs.raftkv.proto.pd.RegionHeartbeatResponse;
import io.managedkvs.raftkv.proto.pd.RegionInfo;
import io.managedkvs.raftkv.proto.pd.ReportSplitRequest;
import io.managedkvs.raftkv.proto.pd.ReportSplitResponse;
import io.managedkvs.raftkv.proto.pd.ScanRegionsRequest;
import io.managedkvs.raftkv.proto.pd.ScanRegionsResponse;
import io.managedkvs.raftkv.proto.pdpeer.PdCommand;
import io.managedkvs.raftkv.proto.pdpeer.PutRegions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** Region heartbeats, splits and routing. Runs on the loop thread. */
final class RegionRequests {

    private final PlacementDriver pd;
    private final Function<RegionHeartbeat, List<RegionCommand>> commands;

    /** {@code commands} decides what each reporting leader should do next (the operator controller). */
    RegionRequests(PlacementDriver pd, Function<RegionHeartbeat, List<RegionCommand>> commands) {
        this.pd = pd;
        this.commands = commands;
    }

    CompletableFuture<RegionHeartbeatResponse> regionHeartbeat(RegionHeartbeatRequest req) {
        StoreRequests.requireStore(pd.state(), req.getStoreId());
        long now = pd.now();
        pd.live().storeSeen(req.getStoreId(), now);
        PutRegions.Builder changed = PutRegions.newBuilder();
        for (RegionHeartbeat hb : req.getRegionsList()) {
            if (hb.getRegion().getId() == 0) {
                throw new PdException(PdErrorType.INVALID_ARGUMENT, "regions.region.id: must be set");
            }
            if (pd.state().regions().wouldChange(hb.getRegion())) {
                changed.addRegions(hb.getRegion());
            }
        }
        CompletableFuture<Void> persisted = changed.getRegionsCount() == 0 ? CompletableFuture.completedFuture(null)
                : pd.propose(PdCommand.newBuilder().setPutRegions(changed).build());
        return persisted.thenApply(v -> {
            RegionHeartbeatResponse.Builder b = RegionHeartbeatResponse.newBuilder().setHeader(pd.okHeader());
            for (RegionHeartbeat hb : req.getRegionsList()) {
                Region held = pd.state().regions().byId(hb.getRegion().getId());
                // A heartbeat older than what PD holds comes from a deposed leader: its word on leadership is stale too.
                // So does one of an earlier Raft term than PD heard from already.
                if (held != null && held.getEpoch().equals(hb.getRegion().getEpoch()) && pd.live().regionHeartbeat(hb)) {
                    b.addAllCommands(commands.apply(hb));
                }
            }
            return b.build();
        });
    }

    CompletableFuture<AskSplitResponse> askSplit(AskSplitRequest req) {
        Region region = req.getRegion();
        if (region.getId() == 0 || region.getPeersCount() == 0) {
            throw new PdException(PdErrorType.INVALID_ARGUMENT, "region: must carry its id and peers");
        }
        int peers = region.getPeersCount();
        return pd.allocIds(1 + peers).thenApply(first -> {
            AskSplitResponse.Builder b = AskSplitResponse.newBuilder().setHeader(pd.okHeader()).setNewRegionId(first);
            for (int i = 0; i < peers; i++) {
                b.addNewPeerIds(first + 1 + i);
            }
            return b.build();
        });
    }

    CompletableFuture<ReportSplitResponse> reportSplit(ReportSplitRequest req) {
        if (req.getLeft().getId() == 0 || req.getRight().getId() == 0) {
            throw new PdException(PdErrorType.INVALID_ARGUMENT, "left, right: both halves must be set");
        }
        if (!req.getLeft().getEndKey().equals(req.getRight().getStartKey())) {
            throw new PdException(PdErrorType.INVALID_ARGUMENT, "left.end_key: must equal right.start_key");
        }
        return pd.propose(PdCommand.newBuilder().setPutRegions(PutRegions.newBuilder().addRegions(req.getLeft()).addRegions(req.getRight())).build())
                .thenApply(v -> ReportSplitResponse.newBuilder().setHeader(pd.okHeader()).build());
    }

    GetRegionResponse getRegion(GetRegionRequest req) {
        requireBootstrapped();
        return answer(pd.state().regions().byKey(req.getKey()), "key: no region holds it (a split is being reported)");
    }

    GetRegionResponse getRegionById(GetRegionByIdRequest req) {
        requireBootstrapped();
        return answer(pd.state().regions().byId(req.getRegionId()), "region_id: no region " + req.getRegionId());
    }

    ScanRegionsResponse scanRegions(ScanRegionsRequest req) {
        requireBootstrapped();
        ScanRegionsResponse.Builder b = ScanRegionsResponse.newBuilder().setHeader(pd.okHeader());
        for (Region r : pd.state().regions().scan(req.getStartKey(), req.getEndKey(), req.getLimit())) {
            b.addRegions(info(r));
        }
        return b.build();
    }

    RegionInfo info(Region r) {
        RegionInfo.Builder b = RegionInfo.newBuilder().setRegion(r);
        RegionHeartbeat hb = pd.live().region(r.getId());
        if (hb != null) {
            b.setLeader(hb.getLeader()).setApproximateSizeBytes(hb.getApproximateSizeBytes())
                    .setApproximateKeys(hb.getApproximateKeys())
                    .addAllDownPeers(hb.getDownPeersList()).addAllPendingPeers(hb.getPendingPeersList());
        }
        return b.build();
    }

    private GetRegionResponse answer(Region r, String notFound) {
        if (r == null) {
            throw new PdException(PdErrorType.REGION_NOT_FOUND, notFound);
        }
        GetRegionResponse.Builder b = GetRegionResponse.newBuilder().setHeader(pd.okHeader()).setRegion(r);
        RegionHeartbeat hb = pd.live().region(r.getId());
        if (hb != null && hb.hasLeader()) {
            b.setLeader(hb.getLeader());
        }
        return b.build();
    }

    private void requireBootstrapped() {
        if (!pd.state().bootstrapped()) {
            throw new PdException(PdErrorType.NOT_BOOTSTRAPPED, "the cluster has no region yet: stores must call Bootstrap");
        }
    }
}
