package io.managedkvs.cli.raftkv;

import io.managedkvs.cli.CliFailure;
import io.managedkvs.cli.local.ChildProcess;
import io.managedkvs.cli.local.Restarter;
import io.managedkvs.raftkv.client.ClientConfig;
import io.managedkvs.raftkv.client.RaftKvClient;
import io.managedkvs.raftkv.proto.pd.StoreStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
    private static final byte[] PROBE_KEY = "kvsctl-playground-probe".getBytes(StandardCharsets.UTF_8);

    private final RaftKvLayout layout;
    private final Path dir;
    private final ChildProcess pd;
    private final List<ChildProcess> stores;
    private final Restarter restarter;
    private volatile Runnable afterRestart = () -> { };

    private RaftKvPlayground(RaftKvLayout layout, Path dir, ChildProcess pd, List<ChildProcess> stores, Consumer<String> events) {
        this.layout = layout;
        this.dir = dir;
        this.pd = pd;
        this.stores = stores;
        List<ChildProcess> all = new ArrayList<>(stores);
        all.add(0, pd);
        this.restarter = new Restarter(all, events, p -> afterRestart.run());
    }

    /**
     * Starts PD, then the stores, and returns once a linearizable read is served. On failure, or when
     * {@code cancelled} turns true first, everything started is killed.
     */
    public static RaftKvPlayground start(RaftKvLayout layout, Path dir, Consumer<String> events, BooleanSupplier cancelled) {
        return start(layout, dir, events, cancelled, List.of());
    }

    /** As {@link #start(RaftKvLayout, Path, Consumer, BooleanSupplier)}, with more options for every store (e.g. split sizes). */
    public static RaftKvPlayground start(RaftKvLayout layout, Path dir, Consumer<String> events, BooleanSupplier cancelled,
                                         List<String> storeOptions) {
        String java = javaBinary();
        String classpath = classpath();
        ProcessMains pdMain = ProcessMains.find(ProcessMains.PD);
        ProcessMains storeMain = ProcessMains.find(ProcessMains.STORE);
        ChildProcess pd = new ChildProcess("pd-1", command(java, classpath, pdMain.name(), "--id", "1",
                "--data-dir", mkdirs(dir.resolve("pd-1")).toString(),
                "--listen", "127.0.0.1:" + layout.pd(), "--advertise", "127.0.0.1:" + layout.pd(),
                "--status-listen", "127.0.0.1:" + layout.pdStatus(),
                "--replication-factor", Integer.toString(Math.min(3, layout.stores().size()))), dir.resolve("pd-1.log"), layout.pd());
        List<ChildProcess> stores = new ArrayList<>();
        for (int i = 0; i < layout.stores().size(); i++) {
            RaftKvLayout.StorePorts p = layout.stores().get(i);
            String name = "store-" + (i + 1);
            List<String> args = new ArrayList<>(List.of("--data-dir", mkdirs(dir.resolve(name)).toString(),
                    "--listen", "127.0.0.1:" + p.grpc(), "--advertise", "127.0.0.1:" + p.grpc(),
                    "--status-listen", "127.0.0.1:" + p.status(), "--pd", layout.pdEndpoint(), "--labels", "host=" + name));
            args.addAll(storeOptions);
            if (storeMain.takes("--resp-listen")) {
                args.addAll(List.of("--resp-listen", "127.0.0.1:" + p.resp()));
            }
            stores.add(new ChildProcess(name, command(java, classpath, storeMain.name(), args.toArray(String[]::new)),
                    dir.resolve(name + ".log"), p.grpc()));
        }
        RaftKvPlayground playground = new RaftKvPlayground(layout, dir, pd, stores, events);
        events.accept("starting PD and " + stores.size() + " stores in " + dir);
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

    private void awaitReady(BooleanSupplier cancelled) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        RuntimeException last = null;
        try (RaftKvClient client = RaftKvClient.connect(ClientConfig.of(List.of(layout.pdEndpoint())).withCallTimeout(Duration.ofSeconds(5)))) {
            while (System.nanoTime() < deadline) {
                if (cancelled.getAsBoolean()) {
                    throw new IllegalStateException("stopped while starting");
                }
                try {
                    client.get(PROBE_KEY);
                    return;
                } catch (RuntimeException e) {
                    last = e;
                }
            }
        }
        throw new IllegalStateException("no read was served within " + READY_TIMEOUT.toSeconds() + " s"
                + (last == null ? "" : ": " + last.getMessage()));
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
            if (address.endsWith(":" + layout.stores().get(i).grpc())) {
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
        for (ChildProcess s : stores) {
            s.stop(STOP_GRACE);
        }
        pd.stop(STOP_GRACE);
    }

    /** Kills every process (SIGKILL). */
    @Override
    public void close() {
        restarter.close();
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
