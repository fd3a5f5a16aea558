package io.managedkvs.raftkv.pd;

import io.grpc.ChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.managedkvs.raftkv.client.Durations;
import io.managedkvs.raftkv.client.HostPort;
import io.managedkvs.raftkv.client.TransportSecurity;
import io.managedkvs.raftkv.pd.status.StatusServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The PD process: one member of the placement driver, until SIGTERM. */
@Command(name = "pd", mixinStandardHelpOptions = true, sortOptions = false,
        description = "The raft-kv placement driver: region map, store heartbeats, id and timestamp allocation, schedulers.")
public final class PdMain implements Callable<Integer> {

    private static final Logger LOG = Logger.getLogger(PdMain.class.getName());

    @Spec
    CommandSpec spec;

    @Option(names = "--id", required = true, description = "This member's id, 1-based.")
    long id;

    @Option(names = "--data-dir", required = true, description = "Where the member keeps its Raft log.")
    Path dataDir;

    @Option(names = "--listen", defaultValue = "0.0.0.0:2379", description = "gRPC for clients, stores and PD peers (default: ${DEFAULT-VALUE}).")
    String listen;

    @Option(names = "--advertise", description = "HOST:PORT others dial (default: --listen, with this host's name for 0.0.0.0).")
    String advertise;

    @Option(names = "--status-listen", defaultValue = "0.0.0.0:2380", description = "HTTP /metrics, /health, /ready (default: ${DEFAULT-VALUE}).")
    String statusListen;

    @Option(names = "--initial-cluster", description = "Every member: 1=HOST:PORT,2=HOST:PORT,3=HOST:PORT (default: just this one).")
    String initialCluster;

    @Option(names = "--replication-factor", defaultValue = "3", description = "Replicas per region (default: ${DEFAULT-VALUE}).")
    int replicationFactor;

    @Option(names = "--down-store-timeout", defaultValue = "30m",
            description = "A store silent this long is down and its replicas are replaced: 500ms, 10s, 5m, 1h (default: ${DEFAULT-VALUE}).")
    String downStoreTimeout;

    @Option(names = "--tls-dir", description = "Directory with tls.crt, tls.key and ca.crt (a mounted TLS Secret): mutual TLS "
            + "for clients, stores and PD peers; the files are reloaded when they change. The status port stays plain HTTP.")
    Path tlsDir;

    public static void main(String[] args) {
        StdoutLogging.install();
        System.exit(commandLine(new PdMain()).execute(args));
    }

    /** The command line main() runs: a bad option is one line naming it, and exit status 2. */
    static CommandLine commandLine(PdMain main) {
        CommandLine cl = new CommandLine(main);
        cl.setParameterExceptionHandler((ex, a) -> {
            // One line naming the option: an operator reads it in a pod's last log line.
            ex.getCommandLine().getErr().println("pd: " + ex.getMessage());
            return 2;
        });
        return cl;
    }

    /** The validated member settings, or a ParameterException naming the bad option. */
    PdConfig config() {
        try {
            HostPort listenAt = HostPort.parseListen("--listen", listen);
            HostPort advertised = advertise == null ? listenAt.advertised() : HostPort.parse("--advertise", advertise);
            HostPort status = HostPort.parseListen("--status-listen", statusListen);
            SortedMap<Long, String> members = initialCluster == null
                    ? new TreeMap<>(java.util.Map.of(id, advertised.toString())) : parseCluster(initialCluster);
            return new PdConfig(id, dataDir, members, status.advertised().toString(), replicationFactor,
                    Durations.parse("--down-store-timeout", downStoreTimeout), PdConfig.DEFAULT_TICK_MILLIS);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage().startsWith("--") ? e.getMessage() : "--" + e.getMessage());
        }
    }

    /** Mutual TLS from --tls-dir, or plaintext without it; a ParameterException naming the option when a file is bad. */
    TransportSecurity security() {
        try {
            return TransportSecurity.forOption("--tls-dir", tlsDir);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    static SortedMap<Long, String> parseCluster(String value) {
        SortedMap<Long, String> members = new TreeMap<>();
        for (String part : value.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--initial-cluster: '" + part + "' is not ID=HOST:PORT");
            }
            long memberId;
            try {
                memberId = Long.parseLong(part.substring(0, eq).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--initial-cluster: '" + part + "' has no numeric id");
            }
            if (memberId <= 0) {
                throw new IllegalArgumentException("--initial-cluster: member id " + memberId + " must be 1 or more");
            }
            String address = HostPort.parse("--initial-cluster", part.substring(eq + 1).trim()).toString();
            if (members.put(memberId, address) != null) {
                throw new IllegalArgumentException("--initial-cluster: member " + memberId + " is named twice");
            }
        }
        return members;
    }

    @Override
    public Integer call() throws Exception {
        PdConfig config = config();
        TransportSecurity security = security();
        HostPort listenAt = HostPort.parseListen("--listen", listen);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ChannelCredentials peerCredentials = security.channelCredentials();
        PdServer server = new PdServer(NettyServerBuilder.forAddress(listenAt.socketAddress(), security.serverCredentials()), config,
                address -> NettyChannelBuilder.forTarget(address, peerCredentials).build()).bindMetrics(registry).start();
        StatusServer status = new StatusServer(HostPort.parseListen("--status-listen", statusListen).socketAddress(), registry,
                server::healthy, server::ready).start();
        LOG.info(() -> "PD member " + config.id() + " listening on " + listen + " (advertised " + config.address()
                + "), status on " + statusListen + ", members " + config.members() + ", replication factor "
                + config.replicationFactor() + ", down-store timeout " + config.downStoreTimeout());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // JUL's own shutdown hook may already have closed its handlers: print directly.
            System.out.println("PD member " + config.id() + " stopping");
            try {
                status.close();
                server.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException | Error e) {
                e.printStackTrace(System.out);
            }
            System.out.println("PD member " + config.id() + " stopped");
            System.out.flush();
            stopped.countDown();
        }, "pd-shutdown"));
        stopped.await();
        return 0;
    }
}
