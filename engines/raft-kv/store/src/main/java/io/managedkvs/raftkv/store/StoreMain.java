package io.managedkvs.raftkv.store;

import io.managedkvs.raftkv.client.Durations;
import io.managedkvs.raftkv.client.HostPort;
import io.managedkvs.raftkv.client.TransportSecurity;
import io.managedkvs.raftkv.store.raftstore.ExpiryPurgeConfig;
import io.managedkvs.raftkv.store.raftstore.RaftStoreConfig;
import io.managedkvs.raftkv.store.server.RespFrontEnd;
import io.managedkvs.raftkv.store.server.Sizes;
import io.managedkvs.raftkv.store.server.StoreComponent;
import io.managedkvs.raftkv.store.server.StoreConfig;
import io.managedkvs.raftkv.store.server.StoreNode;
import io.managedkvs.raftkv.store.transport.SnapshotFlowConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The store process. See docs/operations.md for the options. */
@Command(name = "raft-kv-store", mixinStandardHelpOptions = true, description = "A raft-kv store node.")
public final class StoreMain implements Callable<Integer> {

    @Option(names = "--data-dir", required = true, description = "Where the store keeps its RocksDB and snapshots.")
    Path dataDir;

    @Option(names = "--listen", defaultValue = "0.0.0.0:20160", description = "gRPC address (key-value API and store transport).")
    String listen;

    @Option(names = "--advertise", description = "Address others dial; default: the listen address, with the host name for 0.0.0.0.")
    String advertise;

    @Option(names = "--status-listen", defaultValue = "0.0.0.0:20180", description = "HTTP address of /metrics, /health, /ready.")
    String statusListen;

    @Option(names = "--resp-listen", defaultValue = "0.0.0.0:6379", description = "Redis protocol (RESP) address, or off.")
    String respListen;

    @Option(names = "--pd", required = true, split = ",", description = "PD members, HOST:PORT[,HOST:PORT...].")
    List<String> pd;

    @Option(names = "--labels", split = ",", description = "Placement labels, k=v[,k=v].")
    List<String> labels = new ArrayList<>();

    @Option(names = "--region-max-size", defaultValue = "96MiB", description = "Split a region above this size, e.g. 96MiB.")
    String regionMaxSize;

    @Option(names = "--region-max-keys", defaultValue = "960000", description = "Split a region above this many keys.")
    long regionMaxKeys;

    @Option(names = "--raft-pollers", defaultValue = "2", description = "Threads driving all regions (1-" + MAX_POLLERS + ").")
    int raftPollers;

    @Option(names = "--ttl-purge-enabled", arity = "1", defaultValue = "true",
            description = "Whether region leaders delete expired keys (true or false); reads hide them either way.")
    boolean ttlPurgeEnabled;

    @Option(names = "--ttl-purge-interval", defaultValue = "5m", description = "Pause between two expiry purge passes, e.g. 5m.")
    String ttlPurgeInterval;

    @Option(names = "--ttl-purge-batch-keys", defaultValue = "256",
            description = "Expired keys one purge command (one Raft entry) carries at most (1-" + ExpiryPurgeConfig.MAX_BATCH_KEYS + ").")
    int ttlPurgeBatchKeys;

    @Option(names = "--ttl-purge-pass-keys", defaultValue = "16384",
            description = "Expired keys one pass purges per region at most; the next pass resumes there.")
    int ttlPurgePassKeys;

    /** More pollers than this only contend for the same cores and the same RocksDB write queue. */
    static final int MAX_POLLERS = 64;

    @Option(names = "--snapshot-max-sending", defaultValue = "2",
            description = "Region snapshots this store sends at once; more wait in a queue of 64 (1-" + SnapshotFlowConfig.MAX_CONCURRENT + ").")
    int snapshotMaxSending;

    @Option(names = "--snapshot-max-receiving", defaultValue = "4",
            description = "Region snapshots this store receives at once; more are refused and sent again later (1-"
                    + SnapshotFlowConfig.MAX_CONCURRENT + ").")
    int snapshotMaxReceiving;

    @Option(names = "--tls-dir", description = "Directory with tls.crt, tls.key and ca.crt (a mounted TLS Secret): mutual TLS "
            + "on every gRPC server and channel and TLS on the Redis protocol port; the files are reloaded when they change.")
    Path tlsDir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Extra servers started with the store (the Redis front end adds itself here). */
    private final List<StoreComponent> components = new ArrayList<>();

    public static void main(String[] args) {
        System.exit(commandLine(new StoreMain()).execute(args));
    }

    /** The command line of {@code main}: a bad or missing option is one line on stderr and exit status 2. */
    static CommandLine commandLine(StoreMain main) {
        CommandLine cmd = new CommandLine(main);
        cmd.setParameterExceptionHandler((ex, a) -> {
            cmd.getErr().println(ex.getMessage());
            return 2;
        });
        return cmd;
    }

    /** Parses the options into a configuration; IllegalArgumentException names the bad option. */
    StoreConfig config() {
        HostPort listenAt = HostPort.parseListen("--listen", listen);
        HostPort advertiseAt = advertise == null ? null : HostPort.parse("--advertise", advertise);
        HostPort statusAt = HostPort.parseListen("--status-listen", statusListen);
        List<String> pdAddresses = new ArrayList<>();
        for (String p : pd) {
            pdAddresses.add(HostPort.parse("--pd", p.trim()).toString());
        }
        Map<String, String> labelMap = new LinkedHashMap<>();
        for (String l : labels) {
            int eq = l.indexOf('=');
            if (eq <= 0 || eq == l.length() - 1) {
                throw new IllegalArgumentException("--labels: expected k=v, got '" + l + "'");
            }
            labelMap.put(l.substring(0, eq).trim(), l.substring(eq + 1).trim());
        }
        long maxSize = Sizes.parse("--region-max-size", regionMaxSize);
        if (regionMaxKeys < 1) {
            throw new IllegalArgumentException("--region-max-keys: must be at least 1, got " + regionMaxKeys);
        }
        if (raftPollers < 1 || raftPollers > MAX_POLLERS) {
            throw new IllegalArgumentException("--raft-pollers: must be between 1 and " + MAX_POLLERS + ", got " + raftPollers);
        }
        requireConcurrency("--snapshot-max-sending", snapshotMaxSending);
        requireConcurrency("--snapshot-max-receiving", snapshotMaxReceiving);
        RaftStoreConfig defaults = RaftStoreConfig.defaults();
        SnapshotFlowConfig flow = defaults.snapshotFlow().withMaxSending(snapshotMaxSending).withMaxReceiving(snapshotMaxReceiving);
        ExpiryPurgeConfig purge = new ExpiryPurgeConfig(ttlPurgeEnabled, Durations.parse("--ttl-purge-interval", ttlPurgeInterval),
                ttlPurgeBatchKeys, ttlPurgePassKeys, defaults.expiryPurge().maxInFlight());
        return new StoreConfig(dataDir, listenAt, advertiseAt, statusAt, pdAddresses, labelMap,
                defaults.withSplit(maxSize, regionMaxKeys, defaults.splitCheckInterval()).withPollers(raftPollers).withExpiryPurge(purge)
                        .withSnapshotFlow(flow),
                TransportSecurity.forOption("--tls-dir", tlsDir));
    }

    private static void requireConcurrency(String option, int value) {
        if (value < 1 || value > SnapshotFlowConfig.MAX_CONCURRENT) {
            throw new IllegalArgumentException(option + ": must be between 1 and " + SnapshotFlowConfig.MAX_CONCURRENT + ", got " + value);
        }
    }

    @Override
    public Integer call() throws Exception {
        StoreConfig config;
        try {
            config = config();
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 2;
        }
        try {
            if (!respListen.equals("off")) {
                components.add(new RespFrontEnd(HostPort.parseListen("--resp-listen", respListen), config.pd(), config.security()));
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        StoreNode node = new StoreNode(config);
        // Extra servers (RESP) are added here, before start: they start after the store serves.
        components.forEach(node::addComponent);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stopped.countDown();
        }, "store-shutdown"));
        try {
            node.start();
        } catch (Exception e) {
            System.err.println("store failed to start: " + e.getMessage());
            node.close();
            return 1;
        }
        System.out.println("store " + node.storeId() + " ready on " + node.address() + ", status on port " + node.statusPort());
        stopped.await();
        return 0;
    }

    @Override
    public String toString() {
        return "StoreMain" + Arrays.asList(dataDir, listen, pd);
    }
}
