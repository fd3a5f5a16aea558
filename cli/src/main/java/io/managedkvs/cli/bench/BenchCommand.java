package io.managedkvs.cli.bench;

import io.managedkvs.cli.CliContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "bench", mixinStandardHelpOptions = true,
        header = "Benchmarks against a playground, printing their result lines.",
        description = "Benchmarks that run against a playground and print their result lines on standard output (progress"
                + " goes to standard error).")
public final class BenchCommand implements Runnable {

    @Spec
    CommandSpec spec;

    public static CommandLine commandLine(CliContext context) {
        CommandLine bench = new CommandLine(new BenchCommand());
        bench.addSubcommand(new FailoverBenchCommand(context));
        bench.addSubcommand(new UpgradeBenchCommand(context));
        bench.addSubcommand(new io.managedkvs.cli.bench.ycsb.YcsbBenchCommand(context));
        bench.addSubcommand(new io.managedkvs.cli.bench.history.HistoryBenchCommand(context));
        return bench;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a benchmark is needed: failover, upgrade, ycsb or history");
    }
}
