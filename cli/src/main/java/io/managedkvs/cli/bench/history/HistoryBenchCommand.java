package io.managedkvs.cli.bench.history;

import io.managedkvs.cli.CliContext;
import io.managedkvs.cli.Engine;
import io.managedkvs.cli.bench.BenchOptions;
import io.managedkvs.cli.bench.RaftKvBenchRun;
import io.managedkvs.cli.raftkv.RaftKvPlayground;
import io.managedkvs.raftkv.client.ClientConfig;
import io.managedkvs.raftkv.client.RaftKvClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "history", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Records a history under faults and checks it is linearizable.",
        description = {
            "Starts a local raft-kv (PD and 3 stores), runs concurrent clients doing reads, writes and compare-and-swaps on a"
                + " few keys for S seconds while faults are injected into the stores, writes every operation to FILE as a"
                + " tab-separated line (key, f, arg, expected, start_ns, end_ns, outcome, result), then checks the history key by"
                + " key with a linearizability checker and prints one line:",
            "  history engine=raft-kv seconds=S ops=N keys=K faults=F violations=V undecided=U",
            "Faults: kill (SIGKILL, the store is started again at once), pause (SIGSTOP for up to 3 s, then SIGCONT) and"
                + " partition (for up to 3 s every connection to the store is cut and new ones refused: with partition the stores"
                + " are reached through local forwarders that can cut them off). Exits with 1 when a violation is found."},
        footer = {"", "Example:", "  kvsctl bench history --engine raft-kv --faults kill,pause,partition --seconds 60 --out history.tsv"})
public final class HistoryBenchCommand implements Callable<Integer> {

    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(2);

    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Option(names = "--engine", required = true, paramLabel = "ENGINE", converter = Engine.Converter.class,
            description = "The engine: raft-kv.")
    Engine engine;

    @Option(names = "--faults", paramLabel = "F[,F...]", split = ",", defaultValue = "kill,pause",
            description = "Faults to inject: kill, pause, partition (default: ${DEFAULT-VALUE}); none for a run without faults.")
    List<String> faults;

    @Option(names = "--seconds", required = true, paramLabel = "S", description = "How long the clients run; 1 to 86400.")
    int seconds;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where the history goes (replaced).")
    Path out;

    @Option(names = "--clients", paramLabel = "N", defaultValue = "5", description = "Concurrent clients; 1 to 64 (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--keys", paramLabel = "K", defaultValue = "3", description = "Keys the clients share; 1 to 100 (default: ${DEFAULT-VALUE}).")
    int keys;

    @Mixin
    BenchOptions bench;

    public HistoryBenchCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (engine != Engine.RAFT_KV) {
            throw new ParameterException(spec.commandLine(), "--engine must be raft-kv, was " + engine.id());
        }
        List<FaultInjector.Fault> injected = parseFaults();
        if (seconds < 1 || seconds > 86_400) {
            throw new ParameterException(spec.commandLine(), "--seconds must be between 1 and 86400, was " + seconds);
        }
        if (clients < 1 || clients > 64) {
            throw new ParameterException(spec.commandLine(), "--clients must be between 1 and 64, was " + clients);
        }
        if (keys < 1 || keys > 100) {
            throw new ParameterException(spec.commandLine(), "--keys must be between 1 and 100, was " + keys);
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent) || !Files.isWritable(parent) || Files.isDirectory(out)) {
            throw new ParameterException(spec.commandLine(), "--out " + out + " cannot be written (its directory must exist and be"
                    + " writable, and it must not be a directory)");
        }
        LinearizabilityChecker.Report report;
        int faultCount;
        long ops;
        RaftKvPlayground.Options options = new RaftKvPlayground.Options(List.of(), injected.contains(FaultInjector.Fault.PARTITION));
        try (RaftKvBenchRun run = RaftKvBenchRun.start(context, spec, bench, 3, CLIENT_TIMEOUT, options)) {
            String prefix = "h" + System.currentTimeMillis() + "-k";
            List<String> keyNames = new ArrayList<>();
            for (int i = 0; i < keys; i++) {
                keyNames.add(prefix + i);
            }
            long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            java.util.function.BooleanSupplier done = () -> System.nanoTime() - end >= 0 || run.stopping();
            List<RaftKvClient> opened = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            FaultInjector injector = new FaultInjector(run.playground(), injected, done, run.events()::note, seconds);
            try (HistoryFile history = new HistoryFile(out)) {
                for (int c = 0; c < clients; c++) {
                    // A client each, as separate applications would have: its own region cache and channels.
                    RaftKvClient client = RaftKvClient.connect(ClientConfig.of(List.of(run.playground().pdEndpoint()))
                            .withCallTimeout(CLIENT_TIMEOUT).withReadRpcTimeout(Duration.ofMillis(500)));
                    opened.add(client);
                    threads.add(new Thread(new HistoryClient(c, client, keyNames, history, done, 31L * c + seconds), "history-client-" + c));
                }
                if (!injected.isEmpty()) {
                    threads.add(new Thread(injector, "history-faults"));
                }
                run.events().note("running " + clients + " clients on " + keys + " keys for " + seconds + " s, faults: "
                        + (injected.isEmpty() ? "none" : injected.toString().toLowerCase(Locale.ROOT)));
                threads.forEach(Thread::start);
                for (Thread t : threads) {
                    t.join();
                }
                ops = history.lines();
            } finally {
                opened.forEach(RaftKvClient::close);
            }
            faultCount = injector.injected();
            run.events().note(ops + " operations written to " + out + "; checking");
            report = new LinearizabilityChecker().check(HistoryFile.read(out));
            run.succeeded();
        }
        spec.commandLine().getOut().println("history engine=raft-kv seconds=" + seconds + " ops=" + ops + " keys=" + report.keys()
                + " faults=" + faultCount + " violations=" + report.violations().size() + " undecided=" + report.undecided().size());
        spec.commandLine().getOut().flush();
        if (!report.violations().isEmpty()) {
            spec.commandLine().getErr().println("kvsctl bench history: not linearizable: keys " + report.violations() + " (see " + out + ")");
            return 1;
        }
        return 0;
    }

    private List<FaultInjector.Fault> parseFaults() {
        Set<FaultInjector.Fault> out = new LinkedHashSet<>();
        for (String f : faults) {
            switch (f.trim().toLowerCase(Locale.ROOT)) {
                case "kill" -> out.add(FaultInjector.Fault.KILL);
                case "pause" -> out.add(FaultInjector.Fault.PAUSE);
                case "none" -> { }
                case "partition" -> out.add(FaultInjector.Fault.PARTITION);
                default -> throw new ParameterException(spec.commandLine(), "--faults: unknown fault '" + f
                        + "'; the faults are kill, pause, partition, none");
            }
        }
        return new ArrayList<>(out);
    }
}
