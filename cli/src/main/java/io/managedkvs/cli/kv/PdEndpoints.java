package io.managedkvs.cli.kv;

import io.managedkvs.cli.CliFailure;
import io.managedkvs.raftkv.client.ClientConfig;
import io.managedkvs.raftkv.client.HostPort;
import io.managedkvs.raftkv.client.RaftKvClient;
import io.managedkvs.raftkv.client.RaftKvException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The options every raft-kv command shares: where PD is, and how long to wait. */
public final class PdEndpoints {

    public static final String DEFAULT = "127.0.0.1:2379";
    public static final String ENV = "KVSCTL_ENDPOINTS";

    @Option(names = "--endpoints", paramLabel = "HOST:PORT[,HOST:PORT...]",
            description = "PD members of the raft-kv cluster; any one that answers is enough (default: $" + ENV + ", else "
                    + DEFAULT + ", where the playground puts PD).")
    String endpoints;

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

    /** A client for those endpoints. */
    public RaftKvClient connect(CommandSpec spec, Function<String, String> environment) {
        return RaftKvClient.connect(ClientConfig.of(parse(spec, environment)).withCallTimeout(Duration.ofSeconds(timeoutSeconds)));
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
