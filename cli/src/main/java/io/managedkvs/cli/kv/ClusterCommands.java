package io.managedkvs.cli.kv;

import io.managedkvs.cli.CliContext;
import io.managedkvs.raftkv.client.PdClient;
import io.managedkvs.raftkv.proto.meta.Peer;
import io.managedkvs.raftkv.proto.meta.PeerRole;
import io.managedkvs.raftkv.proto.pd.RegionInfo;
import io.managedkvs.raftkv.proto.pd.StoreStatus;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What PD knows of a raft-kv cluster: its regions and its stores, as tables. */
public final class ClusterCommands {

    private ClusterCommands() {
    }

    public static List<Object> all(CliContext context) {
        return List.of(new Regions(context), new Stores(context));
    }

    abstract static class PdCommand implements Callable<Integer> {
        final CliContext context;

        @Spec
        CommandSpec spec;

        @Mixin
        PdEndpoints pd;

        PdCommand(CliContext context) {
            this.context = context;
        }

        PdClient connect() {
            return new PdClient(pd.config(spec, context.environment()));
        }
    }

    @Command(name = "regions", mixinStandardHelpOptions = true, header = "Lists the regions of a raft-kv cluster.",
            description = "One line per region, in key order: its id, key range, leader's store, peers' stores (a learner marked"
                    + " L), approximate size and keys, as PD last heard from the leaders.")
    static final class Regions extends PdCommand {
        Regions(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            try (PdClient pd = connect()) {
                List<RegionInfo> regions = PdEndpoints.call("regions", () -> pd.scanRegions(com.google.protobuf.ByteString.EMPTY,
                        com.google.protobuf.ByteString.EMPTY, 0));
                Table t = new Table("ID", "START", "END", "LEADER", "PEERS", "SIZE", "KEYS");
                for (RegionInfo r : regions) {
                    t.row(Long.toString(r.getRegion().getId()), boundary(r.getRegion().getStartKey().toByteArray(), "(start)"),
                            boundary(r.getRegion().getEndKey().toByteArray(), "(end)"),
                            r.hasLeader() && r.getLeader().getId() != 0 ? "store " + r.getLeader().getStoreId() : "none",
                            peers(r.getRegion().getPeersList()), size(r.getApproximateSizeBytes()), Long.toString(r.getApproximateKeys()));
                }
                t.print(spec.commandLine().getOut());
            }
            return 0;
        }
    }

    @Command(name = "stores", mixinStandardHelpOptions = true, header = "Lists the stores of a raft-kv cluster.",
            description = "One line per store: its id, address, state (Up, Offline, Tombstone) and whether PD hears from it,"
                    + " its regions and leaders, used space, labels and Redis-protocol address.")
    static final class Stores extends PdCommand {
        Stores(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            try (PdClient pd = connect()) {
                List<StoreStatus> stores = PdEndpoints.call("stores", pd::stores);
                Table t = new Table("ID", "ADDRESS", "STATE", "HEALTH", "REGIONS", "LEADERS", "USED", "LABELS", "RESP");
                for (StoreStatus s : stores) {
                    t.row(Long.toString(s.getStore().getId()), s.getStore().getAddress(), title(s.getStore().getState().name()),
                            s.getDown() ? "down" : "up", Long.toString(s.getStats().getRegionCount()),
                            Long.toString(s.getStats().getLeaderCount()), size(s.getStats().getUsedBytes()),
                            s.getStore().getLabelsMap().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted()
                                    .collect(Collectors.joining(",")),
                            s.getStore().getRespAddress().isEmpty() ? "-" : s.getStore().getRespAddress());
                }
                t.print(spec.commandLine().getOut());
            }
            return 0;
        }
    }

    static String boundary(byte[] key, String ifEmpty) {
        return key.length == 0 ? ifEmpty : Printable.of(key);
    }

    static String peers(List<Peer> peers) {
        return peers.stream().map(p -> p.getStoreId() + (p.getRole() == PeerRole.LEARNER ? "L" : "")).collect(Collectors.joining(","));
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    private static String title(String s) {
        return s.charAt(0) + s.substring(1).toLowerCase(Locale.ROOT);
    }
}
