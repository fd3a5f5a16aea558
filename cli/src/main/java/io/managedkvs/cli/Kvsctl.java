package io.managedkvs.cli;

import io.managedkvs.cli.backup.BackupCommand;
import io.managedkvs.cli.bench.BenchCommand;
import io.managedkvs.cli.kv.ClusterCommands;
import io.managedkvs.cli.kv.KeyValueCommands;
import io.managedkvs.cli.playground.PlaygroundCommand;
import java.io.PrintWriter;
import picocli.CommandLine;

/** The {@code kvsctl} command line: {@code playground}, raft-kv's key-value and cluster commands, {@code bench} and {@code backup}. */
public final class Kvsctl {

    private Kvsctl() {
    }

    public static void main(String[] args) {
        int code = run(CliContext.standard(), new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
        System.exit(code);
    }

    /** Runs one command line; returns its exit code (0 done, 1 failed, 2 bad arguments). */
    public static int run(CliContext context, PrintWriter out, PrintWriter err, String... args) {
        return commandLine(context, out, err).execute(args);
    }

    public static CommandLine commandLine(CliContext context, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new KvsctlCommand());
        cl.addSubcommand(new PlaygroundCommand(context));
        KeyValueCommands.all(context).forEach(cl::addSubcommand);
        ClusterCommands.all(context).forEach(cl::addSubcommand);
        cl.addSubcommand(BenchCommand.commandLine(context));
        cl.addSubcommand(BackupCommand.commandLine(context));
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler(new ErrorHandlers.UsageErrors());
        cl.setExecutionExceptionHandler(new ErrorHandlers.Failures());
        return cl;
    }
}
