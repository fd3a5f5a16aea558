package io.managedkvs.cli.raftkv;

import io.managedkvs.cli.CliFailure;
import io.managedkvs.cli.forward.TcpForwarder;
import io.managedkvs.cli.local.ChildProcess;
import io.managedkvs.cli.local.FreePorts;
import io.managedkvs.cli.local.Restarter;
import io.managedkvs.cli.playground.PlaygroundCertificates;
import io.managedkvs.raftkv.client.ClientConfig;
import io.managedkvs.raftkv.client.RaftKvClient;
import io.managedkvs.raftkv.client.TransportSecurity;
import io.managedkvs.raftkv.pd.PdMain;
import io.managedkvs.raftkv.proto.pd.StoreStatus;
import io.managedkvs.raftkv.store.StoreMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A local raft-kv: one PD and N stores as real processes (the mains the operator's StatefulSets run,
 * started with kvsctl's own classpath), each with its own data directory and log, restarted at once
 * when one exits, as the kubelet would.
 */
public final class RaftKvPlayground implements AutoCloseable {

    static final Duration LISTEN_TIMEOUT = Duration.ofSeconds(60);
    static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    /** Small heaps: a playground shares the machine with its user's work. */
    private static final List<String> JVM_OPTIONS = List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    private static final int LINK_CONNECTIONS = 128;
    private static final byte[] PROBE_KEY = "kvsctl-playground-probe".getBytes(StandardCharsets.UTF_8);

    private final RaftKvLayout layout;
    private final Path dir;
    private final ChildProcess pd;
    private final List<ChildProcess> stores;
    private final Restarter restarter;
    /** Per store, when partitionable: the address others dial, forwarded to the store unless it is cut off. */
    private final List<TcpForwarder> links;
    /** The certificates of a TLS playground; null for plaintext. */
    private final PlaygroundCertificates certificates;
    private volatile Runnable afterRestart = () -> { };

    /**
     * How the stores run beyond the layout.
     *
     * @param storeOptions  more options for every store (e.g. split sizes)
     * @param partitionable whether each store is reached through a local forwarder that can cut it off
     *                      ({@link #partition}); costs a copy of every byte, so only for fault runs
     * @param tls           mutual TLS everywhere, with a CA and certificates generated in the directory
     */
    public record Options(List<String> storeOptions, boolean partitionable, boolean tls) {
        public static final Options DEFAULT = new Options(List.of(), false, false);

        public Options {
            storeOptions = List.copyOf(storeOptions);
        }

        public Options(List<String> storeOptions, boolean partitionable) {
            this(storeOptions, partitionable, false);
        }

        public Options withTls(boolean on) {
            return new Options(storeOptions, partitionable, on);
        }
    }

    private RaftKvPlayground(RaftKvLayout layout, Path dir, ChildProcess pd, List<ChildProcess> stores, List<TcpForwarder> links,
                             PlaygroundCertificates certificates, Consumer<String> events) {
        this.layout = layout;
        this.certificates = certificates;
        this.dir = dir;
        this.pd = pd;
        this.stores = stores;
        this.links = links;
        List<ChildProcess> all = new ArrayList<>(stores);
        all.add(0, pd);
        this.restarter = new Restarter(all, events, p -> afterRestart.run());
    }

    /**
     * Starts PD, then the stores, and returns once a linearizable read is served. On failure, or when
     * {@code cancelled} turns true first, everything started is killed.
     */
    public static RaftKvPlayground start(RaftKvLayout layout, Path dir, Consumer<String> events, BooleanSupplier cancelled) {
        return start(layout, dir, events, cancelled, Options.DEFAULT);
    }

    /** As {@link #start(RaftKvLayout, Path, Consumer, BooleanSupplier)}, with {@code options} for the stores. */
    public static RaftKvPlayground start(RaftKvLayout layout, Path dir, Consumer<String> events, BooleanSupplier cancelled,
                                         Options options) {
        String java = javaBinary();
        String classpath = classpath();
        PlaygroundCertificates certificates = options.tls() ? PlaygroundCertificates.generate(dir, members(layout), Instant.now()) : null;
        List<String> pdArgs = new ArrayList<>(List.of("--id", "1",
                "--data-dir", mkdirs(dir.resolve("pd-1")).toString(),
                "--listen", "127.0.0.1:" + layout.pd(), "--advertise", "127.0.0.1:" + layout.pd(),
                "--status-listen", "127.0.0.1:" + layout.pdStatus(),
                "--replication-factor", Integer.toString(Math.min(3, layout.stores().size()))));
        pdArgs.addAll(tlsArgs(certificates, "pd-1"));
        ChildProcess pd = new ChildProcess("pd-1", command(java, classpath, PdMain.class.getName(), pdArgs.toArray(String[]::new)),
                dir.resolve("pd-1.log"), layout.pd());
        List<ChildProcess> stores = new ArrayList<>();
        List<TcpForwarder> links = options.partitionable() ? forwarders(layout) : List.of();
        for (int i = 0; i < layout.stores().size(); i++) {
            RaftKvLayout.StorePorts p = layout.stores().get(i);
            String name = "store-" + (i + 1);
            int advertised = links.isEmpty() ? p.grpc() : links.get(i).address().getPort();
            List<String> args = new ArrayList<>(List.of("--data-dir", mkdirs(dir.resolve(name)).toString(),
                    "--listen", "127.0.0.1:" + p.grpc(), "--advertise", "127.0.0.1:" + advertised,
                    "--status-listen", "127.0.0.1:" + p.status(), "--pd", layout.pdEndpoint(), "--labels", "host=" + name,
                    "--resp-listen", "127.0.0.1:" + p.resp()));
            args.addAll(tlsArgs(certificates, name));
            args.addAll(options.storeOptions());
            stores.add(new ChildProcess(name, command(java, classpath, StoreMain.class.getName(), args.toArray(String[]::new)),
                    dir.resolve(name + ".log"), p.grpc()));
        }
        RaftKvPlayground playground = new RaftKvPlayground(layout, dir, pd, stores, links, certificates, events);
        events.accept("starting PD and " + stores.size() + " stores in " + dir + (certificates == null ? "" : ", with mutual TLS"));
        try {
            pd.start();
            pd.awaitListening(LISTEN_TIMEOUT);
            stores.forEach(ChildProcess::start);
            for (ChildProcess s : stores) {
                s.awaitListening(LISTEN_TIMEOUT);
            }
            playground.restarter.start();
            playground.awaitReady(cancelled);
            return playground;
        } catch (RuntimeException e) {
            playground.close();
            throw new CliFailure("could not start raft-kv: " + e.getMessage() + " (logs are in " + dir + ")", e);
        }
    }

    private static List<String> members(RaftKvLayout layout) {
        List<String> out = new ArrayList<>(List.of("pd-1"));
        for (int i = 0; i < layout.stores().size(); i++) {
            out.add("store-" + (i + 1));
        }
        return out;
    }

    private static List<String> tlsArgs(PlaygroundCertificates certificates, String member) {
        return certificates == null ? List.of() : List.of("--tls-dir", certificates.memberDir(member).toString());
    }

    /** The certificates of a playground started with TLS. */
    public Optional<PlaygroundCertificates> certificates() {
        return Optional.ofNullable(certificates);
    }

    /** Client settings for this playground: its PD, and the client certificate when it runs TLS. The caller closes the security. */
    public ClientConfig clientConfig(TransportSecurity security) {
        return ClientConfig.of(List.of(layout.pdEndpoint())).withSecurity(security);
    }

    /** The client certificate's security (read once), or plaintext. */
    public TransportSecurity clientSecurity() {
        return certificates == null ? TransportSecurity.plaintext() : TransportSecurity.mutualTls(certificates.client(), Duration.ZERO);
    }

    private static List<TcpForwarder> forwarders(RaftKvLayout layout) {
        List<TcpForwarder> out = new ArrayList<>();
        int[] ports = FreePorts.pick(layout.stores().size());
        for (int i = 0; i < ports.length; i++) {
            TcpForwarder f = new TcpForwarder(new InetSocketAddress(InetAddress.getLoopbackAddress(), ports[i]), LINK_CONNECTIONS,
                    Duration.ofSeconds(1)).start();
            f.retarget(new InetSocketAddress(InetAddress.getLoopbackAddress(), layout.stores().get(i).grpc()));
            out.add(f);
        }
        return out;
    }

    /** Whether {@link #partition} can cut stores off. */
    public boolean partitionable() {
        return !links.isEmpty();
    }

    /**
     * Cuts store {@code index} off: every connection to it (clients', other stores') is closed and new
     * ones are refused, until {@link #heal}. One way only: its own connections out still work, as in
     * a partition where the store's inbound traffic is dropped.
     */
    public void partition(int index) {
        links.get(index).detach();
    }

    public void heal(int index) {
        links.get(index).retarget(new InetSocketAddress(InetAddress.getLoopbackAddress(), layout.stores().get(index).grpc()));
    }

    private void awaitReady(BooleanSupplier cancelled) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        RuntimeException last = null;
        try (TransportSecurity security = clientSecurity();
             RaftKvClient client = RaftKvClient.connect(clientConfig(security).withCallTimeout(Duration.ofSeconds(5)))) {
            while (System.nanoTime() < deadline) {
                if (cancelled.getAsBoolean()) {
                    throw new IllegalStateException("stopped while starting");
                }
                try {
                    client.get(PROBE_KEY);
                    awaitRedisProtocol(deadline, cancelled);
                    return;
                } catch (RuntimeException e) {
                    last = e;
                }
            }
        }
        throw new IllegalStateException("no read was served within " + READY_TIMEOUT.toSeconds() + " s"
                + (last == null ? "" : ": " + last.getMessage()));
    }

    /**
     * Waits, until {@code deadline} at most, for every store's Redis-protocol port: a store opens it
     * after it serves gRPC, and the banner shows redis-cli only for a port that listens.
     */
    private void awaitRedisProtocol(long deadline, BooleanSupplier cancelled) {
        for (RaftKvLayout.StorePorts p : layout.stores()) {
            while (!listening(p.resp()) && System.nanoTime() < deadline && !cancelled.getAsBoolean()) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Whether something accepts connections on 127.0.0.1:{@code port}. */
    static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public RaftKvLayout layout() {
        return layout;
    }

    public String pdEndpoint() {
        return layout.pdEndpoint();
    }

    public Path dir() {
        return dir;
    }

    public ChildProcess pd() {
        return pd;
    }

    public List<ChildProcess> stores() {
        return stores;
    }

    /** The store process serving gRPC at {@code address} (as PD lists it), if it is one of ours. */
    public Optional<ChildProcess> storeAt(String address) {
        for (int i = 0; i < stores.size(); i++) {
            if (address.endsWith(":" + layout.stores().get(i).grpc())
                    || (!links.isEmpty() && address.endsWith(":" + links.get(i).address().getPort()))) {
                return Optional.of(stores.get(i));
            }
        }
        return Optional.empty();
    }

    /** The store process PD knows by {@code storeId}. */
    public Optional<ChildProcess> store(long storeId, List<StoreStatus> known) {
        return known.stream().filter(s -> s.getStore().getId() == storeId).findFirst()
                .flatMap(s -> storeAt(s.getStore().getAddress()));
    }

    /** Runs {@code hook} after every process started again. */
    public void afterRestart(Runnable hook) {
        this.afterRestart = hook;
    }

    public long restarts() {
        return restarter.restarts();
    }

    /** No process is started again from now on. */
    public void beginStop() {
        restarter.close();
    }

    /** Stops every process gracefully (SIGTERM), stores first. */
    public void stop() {
        restarter.close();
        links.forEach(TcpForwarder::close);
        for (ChildProcess s : stores) {
            s.stop(STOP_GRACE);
        }
        pd.stop(STOP_GRACE);
    }

    /** Kills every process (SIGKILL). */
    @Override
    public void close() {
        restarter.close();
        links.forEach(TcpForwarder::close);
        stores.forEach(ChildProcess::kill);
        pd.kill();
    }

    static List<String> command(String java, String classpath, String main, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(JVM_OPTIONS);
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(main);
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** The JVM kvsctl runs on. */
    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** kvsctl's classpath, absolute: the store's and PD's mains are on it. */
    static String classpath() {
        List<String> parts = new ArrayList<>();
        for (String p : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!p.isEmpty()) {
                parts.add(Path.of(p).toAbsolutePath().toString());
            }
        }
        return String.join(java.io.File.pathSeparator, parts);
    }

    private static Path mkdirs(Path p) {
        try {
            return Files.createDirectories(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + p, e);
        }
    }
}
