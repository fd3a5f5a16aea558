package io.managedkvs.cli.kv;

import io.managedkvs.cli.CliContext;
import io.managedkvs.cli.CliFailure;
import io.managedkvs.raftkv.client.CasResult;
import io.managedkvs.raftkv.client.KvEntry;
import io.managedkvs.raftkv.client.RaftKvClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** get, put, del, scan and cas against a raft-kv cluster. Keys and values are taken as UTF-8 text. */
public final class KeyValueCommands {

    private KeyValueCommands() {
    }

    public static List<Object> all(CliContext context) {
        return List.of(new Get(context), new Put(context), new Del(context), new Scan(context), new Cas(context));
    }

    /** What every key-value command has: PD's endpoints, the context, and a check of the key. */
    abstract static class KvCommand implements Callable<Integer> {
        final CliContext context;

        @Spec
        CommandSpec spec;

        @Mixin
        PdEndpoints pd;

        KvCommand(CliContext context) {
            this.context = context;
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        byte[] key(String key) {
            if (key.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "KEY must not be empty");
            }
            return Printable.bytes(key);
        }

        RaftKvClient connect() {
            return pd.connect(spec, context.environment());
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, header = "Reads a key of a raft-kv cluster.",
            description = "Prints the key's value (a linearizable read). A missing key prints nothing and exits with 1.")
    static final class Get extends KvCommand {
        @Parameters(index = "0", paramLabel = "KEY", description = "The key.")
        String key;

        Get(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            byte[] k = key(key);
            try (RaftKvClient client = connect()) {
                Optional<byte[]> value = PdEndpoints.call("get", () -> client.get(k));
                if (value.isEmpty()) {
                    throw new CliFailure("'" + key + "' not found");
                }
                out().println(Printable.of(value.get()));
            }
            return 0;
        }
    }

    @Command(name = "put", mixinStandardHelpOptions = true, header = "Writes a key of a raft-kv cluster.",
            description = "Writes VALUE under KEY, replacing what was there; prints OK once the write is committed.")
    static final class Put extends KvCommand {
        @Parameters(index = "0", paramLabel = "KEY", description = "The key.")
        String key;

        @Parameters(index = "1", paramLabel = "VALUE", description = "The value.")
        String value;

        @Option(names = "--ttl", paramLabel = "DURATION", converter = DurationConverter.class,
                description = "Expire the key this long after the write, e.g. 500ms, 10s, 5m, 1h (default: never).")
        Duration ttl;

        Put(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            byte[] k = key(key);
            try (RaftKvClient client = connect()) {
                PdEndpoints.call("put", () -> {
                    client.put(k, Printable.bytes(value), ttl == null ? Duration.ZERO : ttl);
                    return null;
                });
                out().println("OK");
            }
            return 0;
        }
    }

    @Command(name = "del", mixinStandardHelpOptions = true, header = "Deletes a key of a raft-kv cluster.",
            description = "Deletes KEY; prints whether it existed.")
    static final class Del extends KvCommand {
        @Parameters(index = "0", paramLabel = "KEY", description = "The key.")
        String key;

        Del(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            byte[] k = key(key);
            try (RaftKvClient client = connect()) {
                boolean existed = PdEndpoints.call("del", () -> client.delete(k));
                out().println(existed ? "deleted" : "not found");
            }
            return 0;
        }
    }

    @Command(name = "scan", mixinStandardHelpOptions = true, header = "Lists keys of a raft-kv cluster in order.",
            description = "Prints KEY<TAB>VALUE lines for the keys from START (inclusive) to END (exclusive), in key order,"
                    + " across regions; without END, to the end of the key space.")
    static final class Scan extends KvCommand {
        @Parameters(index = "0", arity = "0..1", paramLabel = "START", description = "The first key (default: the start).")
        String start;

        @Parameters(index = "1", arity = "0..1", paramLabel = "END", description = "The key to stop before (default: the end).")
        String end;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
                description = "At most N keys; 1 to 1000000 (default: ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--keys-only", description = "Print the keys only.")
        boolean keysOnly;

        Scan(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            if (limit < 1 || limit > 1_000_000) {
                throw new ParameterException(spec.commandLine(), "--limit must be between 1 and 1000000, was " + limit);
            }
            byte[] s = start == null ? new byte[0] : Printable.bytes(start);
            byte[] e = end == null ? new byte[0] : Printable.bytes(end);
            if (e.length > 0 && java.util.Arrays.compareUnsigned(s, e) > 0) {
                throw new ParameterException(spec.commandLine(), "START '" + start + "' must not be after END '" + end + "'");
            }
            try (RaftKvClient client = connect()) {
                List<KvEntry> entries = PdEndpoints.call("scan", () -> client.scan(s, e, limit, keysOnly));
                PrintWriter out = out();
                for (KvEntry entry : entries) {
                    out.println(keysOnly ? Printable.of(entry.key()) : Printable.of(entry.key()) + "\t" + Printable.of(entry.value()));
                }
                out.flush();
            }
            return 0;
        }
    }

    @Command(name = "cas", mixinStandardHelpOptions = true, header = "Compares and swaps a key of a raft-kv cluster.",
            description = "Atomically: if KEY holds the expected value (--expect) or is absent (--absent), writes NEW (or"
                    + " deletes the key with --delete). Prints 'swapped', or 'not swapped' and what the key holds; exits with 1"
                    + " when not swapped.")
    static final class Cas extends KvCommand {
        @Parameters(index = "0", paramLabel = "KEY", description = "The key.")
        String key;

        @Parameters(index = "1", arity = "0..1", paramLabel = "NEW", description = "The new value (not with --delete).")
        String newValue;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Condition condition;

        static final class Condition {
            @Option(names = "--expect", paramLabel = "VALUE", description = "Swap only if the key holds VALUE.")
            String expect;

            @Option(names = "--absent", description = "Swap only if the key does not exist.")
            boolean absent;
        }

        @Option(names = "--delete", description = "Delete the key instead of writing NEW.")
        boolean delete;

        Cas(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            byte[] k = key(key);
            if (delete == (newValue != null)) {
                throw new ParameterException(spec.commandLine(), delete ? "NEW cannot be given with --delete"
                        : "NEW is needed (or --delete to delete the key)");
            }
            byte[] expected = condition.absent ? null : Printable.bytes(condition.expect);
            try (RaftKvClient client = connect()) {
                CasResult r = PdEndpoints.call("cas", () -> client.compareAndSwap(k, expected, delete ? null : Printable.bytes(newValue)));
                if (!r.succeeded()) {
                    throw new CliFailure("not swapped: '" + key + "' " + r.previous().map(v -> "holds '" + Printable.of(v) + "'")
                            .orElse("does not exist"));
                }
                out().println("swapped");
            }
            return 0;
        }
    }
}
