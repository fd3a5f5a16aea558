package io.managedkvs.cli.bench.ycsb;

import io.managedkvs.cli.CliContext;
import io.managedkvs.cli.Engine;
import io.managedkvs.cli.bench.BenchOptions;
import io.managedkvs.cli.bench.RaftKvBenchRun;
import io.managedkvs.cli.etcd.EtcdCluster;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "ycsb", mixinStandardHelpOptions = true, sortOptions = false,
        header = "YCSB workload A, B or C on raft-kv and on etcd; prints both.",
        description = {
            "Starts a local raft-kv (PD and 3 stores), loads the records, runs the workload from T client threads (each one"
                + " operation at a time; keys picked by YCSB's scrambled zipfian distribution, values of 1 KiB, linearizable"
                + " reads), and stops it; then does the same against a 3-member etcd on loopback (Debian's etcd-server; reads"
                + " through jetcd, linearizable). Prints:",
            "  ycsb workload=W engine=raft-kv ops_s=N p50_ms=T p99_ms=T",
            "  ycsb workload=W engine=etcd ops_s=N p50_ms=T p99_ms=T",
            "  ratio workload=W raft-kv/etcd=R",
            "Workload a is 50 % reads and 50 % updates, b 95 % reads, c reads only."},
        footer = {"", "Example:", "  kvsctl bench ycsb --engine raft-kv --workload a --vs etcd --records 10000 --ops 100000 --threads 16"})
public final class YcsbBenchCommand implements Callable<Integer> {

    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Option(names = "--engine", required = true, paramLabel = "ENGINE", converter = Engine.Converter.class,
            description = "The engine measured: raft-kv.")
    Engine engine;

    @Option(names = "--workload", required = true, paramLabel = "W", converter = YcsbWorkload.Converter.class,
            description = "YCSB core workload: a, b or c.")
    YcsbWorkload workload;

    @Option(names = "--vs", required = true, paramLabel = "PEER", description = "The peer measured in the same run: etcd.")
    String vs;

    @Option(names = "--records", paramLabel = "N", defaultValue = "10000",
            description = "Records loaded first; 1 to 10000000 (default: ${DEFAULT-VALUE}).")
    int records;

    @Option(names = "--ops", paramLabel = "N", defaultValue = "100000",
            description = "Operations of the measured phase; 1 to 1000000000 (default: ${DEFAULT-VALUE}).")
    long ops;

    @Option(names = "--threads", paramLabel = "T", defaultValue = "16", description = "Client threads; 1 to 1024 (default: ${DEFAULT-VALUE}).")
    int threads;

    @Mixin
    BenchOptions bench;

    public YcsbBenchCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (engine != Engine.RAFT_KV) {
            throw new ParameterException(spec.commandLine(), "--engine must be raft-kv, was " + engine.id());
        }
        if (!"etcd".equals(vs)) {
            throw new ParameterException(spec.commandLine(), "--vs must be etcd, was '" + vs + "'");
        }
        if (records < 1 || records > 10_000_000) {
            throw new ParameterException(spec.commandLine(), "--records must be between 1 and 10000000, was " + records);
        }
        if (ops < 1 || ops > 1_000_000_000L) {
            throw new ParameterException(spec.commandLine(), "--ops must be between 1 and 1000000000, was " + ops);
        }
        if (threads < 1 || threads > 1024) {
            throw new ParameterException(spec.commandLine(), "--threads must be between 1 and 1024, was " + threads);
        }
        Path etcd = EtcdCluster.binary();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        YcsbRunner runner = new YcsbRunner(new YcsbRunner.Settings(workload, records, ops, threads), line -> {
            err.println(line);
            err.flush();
        });

        YcsbResult ours;
        try (RaftKvBenchRun run = RaftKvBenchRun.start(context, spec, bench, 3, Duration.ofSeconds(10));
             RaftKvTarget target = new RaftKvTarget(List.of(run.playground().pdEndpoint()))) {
            ours = measure(runner, target);
            run.succeeded();
        }
        out.println(ours.line());
        out.flush();

        YcsbResult theirs;
        Path dir = tempDir();
        try (EtcdCluster cluster = EtcdCluster.start(etcd, dir); EtcdTarget target = new EtcdTarget(cluster.clientUrls())) {
            theirs = measure(runner, target);
        } finally {
            RaftKvBenchRun.deleteTree(dir);
        }
        out.println(theirs.line());
        out.println(ours.ratioLine(theirs));
        out.flush();
        return 0;
    }

    private static YcsbResult measure(YcsbRunner runner, KvTarget target) {
        runner.load(target);
        return runner.run(target);
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("kvsctl-bench-etcd-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
