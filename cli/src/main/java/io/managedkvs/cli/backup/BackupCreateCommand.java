package io.managedkvs.cli.backup;

import io.managedkvs.api.backup.BackupReport;
import io.managedkvs.backup.BackupStore;
import io.managedkvs.backup.StoreOptions;
import io.managedkvs.cli.CliContext;
import io.managedkvs.cli.CliFailure;
import io.managedkvs.cli.playground.PasswordOptions;
import io.managedkvs.cli.playground.PlaygroundDir;
import io.managedkvs.redis.actuator.Endpoint;
import io.managedkvs.redis.actuator.RedisClients;
import io.managedkvs.redis.backup.RedisBackup;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import javax.net.SocketFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "create", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Takes a backup of a running playground.",
        description = "Reads an RDB snapshot from one of the playground's replicas (one whose link to the primary is up;"
                + " never the primary), and stores it with its SHA-256 under NAME.",
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

    public BackupCreateCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        BackupCommand.checkName(spec, name);
        List<Endpoint> members = members();
        RedisClients clients = new RedisClients(password.resolve(spec, context.environment()).map(PasswordOptions.Given::secret),
                Duration.ofSeconds(2));
        try (BackupStore target = store.open(context.environment())) {
            if (target.list().stream().anyMatch(e -> e.name().equals(name))) {
                throw new ParameterException(spec.commandLine(), "NAME: a backup named " + name + " exists already in "
                        + target.location(name) + "; choose another name");
            }
            BackupReport report = new RedisBackup(clients, SocketFactory.getDefault())
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

    /** The playground's data members, from what it recorded; only live ones. */
    private List<Endpoint> members() {
        if (!Files.isDirectory(playground)) {
            throw new ParameterException(spec.commandLine(), "--playground " + playground + " is not a directory");
        }
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
