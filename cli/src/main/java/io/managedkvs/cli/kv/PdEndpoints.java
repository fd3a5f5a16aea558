package io.managedkvs.cli.kv;

import io.managedkvs.cli.CliFailure;
import io.managedkvs.raftkv.client.ClientConfig;
import io.managedkvs.raftkv.client.HostPort;
import io.managedkvs.raftkv.client.RaftKvClient;
import io.managedkvs.raftkv.client.RaftKvException;
import io.managedkvs.raftkv.client.TransportSecurity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The options every raft-kv command shares: where PD is, how to secure the connection, and how long to wait. */
public final class PdEndpoints {

    public static final String DEFAULT = "127.0.0.1:2379";
    public static final String ENV = "KVSCTL_ENDPOINTS";
    public static final String TLS_ENV = "KVSCTL_TLS_DIR";

    @Option(names = "--endpoints", paramLabel = "HOST:PORT[,HOST:PORT...]",
            description = "PD members of the raft-kv cluster; any one that answers is enough (default: $" + ENV + ", else "
                    + DEFAULT + ", where the playground puts PD).")
    String endpoints;

    @Option(names = "--tls-dir", paramLabel = "DIR",
            description = "Mutual TLS with the certificate in DIR: tls.crt, tls.key and ca.crt, as a cert-manager Secret or"
                    + " `kvsctl playground --tls` lays them out (default: $" + TLS_ENV + ", else plaintext).")
    Path tlsDir;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "Give up after SECONDS, retries included; 1 to 3600 (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    /** The endpoints, checked; the error names the option. */
    public List<String> parse(CommandSpec spec, Function<String, String> environment) {
        String raw = endpoints != null ? endpoints : environment.apply(ENV) != null && !environment.apply(ENV).isBlank()
                ? environment.apply(ENV) : DEFAULT;
        String origin = endpoints != null ? "--endpoints" : environment.apply(ENV) != null ? ENV : "--endpoints";
        List<String> out = new ArrayList<>();
        for (String part : raw.split(",")) {
            try {
                out.add(HostPort.parse(origin, part).toString());
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        if (timeoutSeconds < 1 || timeoutSeconds > 3600) {
            throw new ParameterException(spec.commandLine(), "--timeout must be between 1 and 3600 seconds, was " + timeoutSeconds);
        }
        return out;
    }

    /** The client settings for those endpoints: timeout, and TLS when asked for. */
    public ClientConfig config(CommandSpec spec, Function<String, String> environment) {
        ClientConfig config = ClientConfig.of(parse(spec, environment)).withCallTimeout(Duration.ofSeconds(timeoutSeconds));
        String fromEnv = environment.apply(TLS_ENV);
        Path dir = tlsDir != null ? tlsDir : fromEnv != null && !fromEnv.isBlank() ? Path.of(fromEnv) : null;
        String origin = tlsDir != null ? "--tls-dir" : TLS_ENV;
        try {
            // Read once: a command lives for one call, so it has no rotation to follow.
            return dir == null ? config : config.withSecurity(TransportSecurity.forOption(origin, dir, Duration.ZERO));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** A client for those endpoints. */
    public RaftKvClient connect(CommandSpec spec, Function<String, String> environment) {
        return RaftKvClient.connect(config(spec, environment));
    }

    /** Runs a call; a client failure becomes a one-line failure that says where it went. */
    public static <T> T call(String what, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (RaftKvException e) {
            throw new CliFailure(what + " failed: " + e.getMessage(), e);
        }
    }
}
