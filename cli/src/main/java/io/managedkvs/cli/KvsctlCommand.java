package io.managedkvs.cli;

import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "kvsctl", mixinStandardHelpOptions = true, versionProvider = KvsctlCommand.Version.class,
        description = "The Managed KVS command line: a local playground of an engine's real processes, raft-kv's key-value and"
                + " cluster commands, backups of the redis-sentinel playground, and benchmarks.",
        footer = {"", "Exit codes: 0 done, 1 failed (the message says why), 2 bad arguments."})
public final class KvsctlCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is needed: playground, get, put, del, scan, cas, regions, stores, bench or backup");
    }

    /** The version from the jar's manifest. */
    public static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Optional.ofNullable(KvsctlCommand.class.getPackage().getImplementationVersion()).orElse("(development build)");
            return new String[] {"kvsctl " + v};
        }
    }
}
