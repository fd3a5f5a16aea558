package io.managedkvs.redis.backup;

import io.managedkvs.api.backup.BackupReport;
import io.managedkvs.backup.BackupStore;
import io.managedkvs.backup.StoreOptions;
import io.managedkvs.redis.actuator.Endpoint;
import io.managedkvs.redis.actuator.RedisClients;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import io.managedkvs.tls.SslContexts;
import io.managedkvs.tls.TlsFiles;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The backup tool the operator runs: {@code take} in a backup Job's pod, {@code restore} in the init
 * container of a restored instance's data pods. Each writes a {@link BackupReport} as JSON to
 * {@code --report} (the pod's termination message, where the operator reads it) and exits 1 when it
 * failed. The member's password comes from the environment variable {@value #PASSWORD_ENV}.
 */
@Command(name = "redis-backup", mixinStandardHelpOptions = true, subcommands = {RedisBackupTool.Take.class, RedisBackupTool.Restore.class},
        description = "Takes or restores backups of a redis-sentinel instance.")
public final class RedisBackupTool {

    public static final String PASSWORD_ENV = "REDIS_PASSWORD";

    private RedisBackupTool() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(RedisBackupTool.class).execute(args));
    }

    static int finish(BackupReport report, Path reportFile, PrintWriter out) {
        return report.emit(reportFile, out);
    }

    static Optional<String> password() {
        return Optional.ofNullable(System.getenv(PASSWORD_ENV)).filter(p -> !p.isEmpty());
    }

    /** Takes a backup from one of the members' replicas. */
    @Command(name = "take", description = "Reads an RDB snapshot from an in-sync replica and stores it with its SHA-256.")
    static final class Take implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Option(names = "--name", required = true, description = "The backup's name.")
        String name;

        @Option(names = "--member", required = true, paramLabel = "NAME=HOST:PORT", split = ",",
                description = "A data member of the instance; repeat for each (the tool picks a replica among them).")
        List<String> members;

        @Option(names = "--spool-dir", defaultValue = "${java.io.tmpdir}", description = "Where the snapshot is spooled before it is stored.")
        Path spool;

        @Option(names = "--report", description = "Also write the JSON report to this file (a pod's /dev/termination-log).")
        Path report;

        @Option(names = "--tls-dir", paramLabel = "DIR",
                description = "Dial the members over TLS with tls.crt, tls.key and ca.crt from DIR (the instance's TLS Secret).")
        Path tlsDir;

        @Spec
        CommandSpec command;

        @Override
        public Integer call() {
            List<Endpoint> endpoints = members.stream().map(Take::endpoint).toList();
            Optional<SSLContext> tls = tls();
            RedisClients clients = new RedisClients(password(), Duration.ofSeconds(5), tls);
            SocketFactory sockets = tls.<SocketFactory>map(SSLContext::getSocketFactory).orElse(SocketFactory.getDefault());
            try (BackupStore target = store.open(System::getenv)) {
                BackupReport result = new RedisBackup(clients, sockets).take(endpoints, target, name, spool);
                return finish(result, report, new PrintWriter(System.out, true));
            }
        }

        private Optional<SSLContext> tls() {
            if (tlsDir == null) {
                return Optional.empty();
            }
            TlsFiles files = TlsFiles.in(tlsDir);
            Optional<String> problem = files.problem();
            if (problem.isPresent()) {
                throw new ParameterException(command.commandLine(), "--tls-dir: " + problem.get());
            }
            return Optional.of(SslContexts.of(files));
        }

        static Endpoint endpoint(String spec) {
            int eq = spec.indexOf('=');
            int colon = spec.lastIndexOf(':');
            if (eq <= 0 || colon < eq) {
                throw new IllegalArgumentException("--member must look like NAME=HOST:PORT; got " + spec);
            }
            return Endpoint.of(spec.substring(0, eq), spec.substring(eq + 1, colon), Integer.parseInt(spec.substring(colon + 1)));
        }
    }

    /** Loads a backup into a data directory, checked against its SHA-256. */
    @Command(name = "restore", description = "Fetches a backup's snapshot into a member's data directory, if it has no data yet.")
    static final class Restore implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Option(names = "--name", required = true, description = "The backup's name.")
        String name;

        @Option(names = "--data-dir", required = true, description = "The member's data directory.")
        Path dataDir;

        @Option(names = "--report", description = "Also write the JSON report to this file (a pod's /dev/termination-log).")
        Path report;

        @Override
        public Integer call() {
            try (BackupStore source = store.open(System::getenv)) {
                return finish(RedisRestore.restore(source, name, dataDir), report, new PrintWriter(System.out, true));
            }
        }
    }
}
