package io.managedkvs.cli.backup;

import io.managedkvs.api.backup.BackupReport;
import io.managedkvs.backup.BackupStore;
import io.managedkvs.backup.StoreOptions;
import io.managedkvs.cli.CliContext;
import io.managedkvs.cli.CliFailure;
import io.managedkvs.cli.kv.PdEndpoints;
import io.managedkvs.cli.playground.PasswordOptions;
import io.managedkvs.cli.playground.PlaygroundCertificates;
import io.managedkvs.cli.playground.PlaygroundDir;
import io.managedkvs.raftkv.backup.RaftKvBackup;
import io.managedkvs.raftkv.client.ClientConfig;
import io.managedkvs.raftkv.client.TransportSecurity;
import io.managedkvs.redis.actuator.Endpoint;
import io.managedkvs.redis.actuator.RedisClients;
import io.managedkvs.redis.backup.RedisBackup;
import io.managedkvs.tls.SslContexts;
import io.managedkvs.tls.TlsFiles;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "create", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Takes a backup of a running playground.",
        description = {
            "raft-kv (the playground's default engine): takes a PD timestamp, then has each region's leader write its range"
                + " as an SST file behind a ReadIndex barrier, so every write acknowledged before the backup started is in it;"
                + " stores every region's file and the region map, each with its SHA-256, under NAME.",
            "redis-sentinel: reads an RDB snapshot from one of the playground's replicas (one whose link to the primary is"
                + " up; never the primary), and stores it with its SHA-256 under NAME. A playground started with --tls is read"
                + " over TLS with the client certificate it made.",
            "The engine is the one the playground in --playground runs."},
        footer = {"", "Exit codes: 0 stored, 1 failed (the message says why), 2 bad arguments (nothing was stored)."})
public final class BackupCreateCommand implements Callable<Integer> {

    private static final Pattern REDIS_MEMBER = Pattern.compile(".+-redis-[0-9]+");

    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The backup's name: lower-case letters, digits, '-', '.', '_'.")
    String name;

    @Option(names = "--playground", paramLabel = "DIR", defaultValue = "playground",
            description = "The running playground's directory (default: ${DEFAULT-VALUE}).")
    Path playground;

    @Mixin
    StoreOptions store;

    @Mixin
    PasswordOptions password;

    @Option(names = "--tls-dir", paramLabel = "DIR",
            description = "raft-kv over mutual TLS with the certificate in DIR: tls.crt, tls.key and ca.crt, as a cert-manager"
                    + " Secret or `kvsctl playground --tls` (DIR/tls/client) lays them out (default: $" + PdEndpoints.TLS_ENV
                    + ", else the playground's tls/client when it was started with --tls, else plaintext).")
    Path tlsDir;

    public BackupCreateCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        BackupCommand.checkName(spec, name);
        checkPlayground();
        Optional<Integer> pd = raftKvPd();
        if (pd.isPresent()) {
            return raftKv("127.0.0.1:" + pd.get());
        }
        if (tlsDir != null) {
            throw new ParameterException(spec.commandLine(), "--tls-dir applies to a raft-kv playground; " + playground
                    + " runs redis-sentinel");
        }
        List<Endpoint> members = members();
        Optional<SSLContext> tls = playgroundTls();
        RedisClients clients = new RedisClients(password.resolve(spec, context.environment()).map(PasswordOptions.Given::secret),
                Duration.ofSeconds(2), tls);
        SocketFactory sockets = tls.<SocketFactory>map(SSLContext::getSocketFactory).orElse(SocketFactory.getDefault());
        try (BackupStore target = store.open(context.environment())) {
            refuseExisting(target);
            BackupReport report = new RedisBackup(clients, sockets)
                    .take(members, target, name, playground.resolve("backup-spool"));
            if (!report.succeeded()) {
                throw new CliFailure(report.message());
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf("backup %s: %d bytes from %s, sha256 %s, stored at %s%n", name, report.sizeBytes(), report.source(),
                    report.sha256(), report.location());
            out.flush();
            return 0;
        }
    }

    private void checkPlayground() {
        if (!Files.isDirectory(playground)) {
            throw new ParameterException(spec.commandLine(), "--playground " + playground + " is not a directory");
        }
    }

    /**
     * A playground started with --tls serves TLS only: the backup dials it with the client certificate
     * the playground made (its tls/ directory exists only for a run with --tls: a new run clears it).
     */
    private Optional<SSLContext> playgroundTls() {
        TlsFiles client = TlsFiles.in(playground.resolve(PlaygroundCertificates.DIR).resolve(PlaygroundCertificates.CLIENT));
        if (!Files.exists(client.certificate())) {
            return Optional.empty();
        }
        try {
            return Optional.of(SslContexts.of(client));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--playground " + playground + ": " + e.getMessage());
        }
    }

    /** The PD port of a running raft-kv playground there, if it is one. */
    private Optional<Integer> raftKvPd() {
        return PlaygroundDir.recorded(playground).stream()
                .filter(p -> p.name().equals("pd-1"))
                .filter(p -> p.handle().filter(ProcessHandle::isAlive).isPresent())
                .map(PlaygroundDir.RunningProcess::port)
                .findFirst();
    }

    private int raftKv(String pd) {
        try (TransportSecurity security = security(); BackupStore target = store.open(context.environment())) {
            refuseExisting(target);
            BackupReport report = new RaftKvBackup(ClientConfig.of(List.of(pd)).withSecurity(security), Duration.ofMinutes(1))
                    .take(target, name, playground.resolve("backup-spool"));
            if (!report.succeeded()) {
                throw new CliFailure(report.message());
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf("backup %s: %d bytes, %s, sha256 of the region map %s, stored at %s%n", name, report.sizeBytes(),
                    report.source(), report.sha256(), report.location());
            out.flush();
            return 0;
        }
    }

    /**
     * --tls-dir's certificate, else $KVSCTL_TLS_DIR's, else the client certificate of a playground started
     * with --tls (as for redis-sentinel); read once: a backup is one short run. Plaintext without any.
     */
    private TransportSecurity security() {
        String fromEnv = context.environment().apply(PdEndpoints.TLS_ENV);
        Path playgroundClient = playground.resolve(PlaygroundCertificates.DIR).resolve(PlaygroundCertificates.CLIENT);
        Path dir = tlsDir != null ? tlsDir : fromEnv != null && !fromEnv.isBlank() ? Path.of(fromEnv)
                : Files.exists(TlsFiles.in(playgroundClient).certificate()) ? playgroundClient : null;
        String origin = tlsDir != null ? "--tls-dir" : fromEnv != null && !fromEnv.isBlank() ? PdEndpoints.TLS_ENV : "--playground";
        try {
            return TransportSecurity.forOption(origin, dir, Duration.ZERO);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private void refuseExisting(BackupStore target) {
        if (target.list().stream().anyMatch(e -> e.name().equals(name))) {
            throw new ParameterException(spec.commandLine(), "NAME: a backup named " + name + " exists already in "
                    + target.location(name) + "; choose another name");
        }
    }

    /** The playground's data members, from what it recorded; only live ones. */
    private List<Endpoint> members() {
        List<Endpoint> members = PlaygroundDir.recorded(playground).stream()
                .filter(p -> REDIS_MEMBER.matcher(p.name()).matches())
                .filter(p -> p.handle().filter(ProcessHandle::isAlive).isPresent())
                .map(p -> Endpoint.of(p.name(), "127.0.0.1", p.port()))
                .toList();
        if (members.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--playground " + playground + ": no running playground there;"
                    + " start one with kvsctl playground --dir " + playground);
        }
        return members;
    }
}
