package io.managedkvs.cli.playground;

import io.managedkvs.redis.actuator.Endpoint;
import java.io.PrintWriter;
import java.util.stream.Collectors;

/** What a started playground prints: its addresses and lines to copy. */
final class Banner {

    private Banner() {
    }

    static void print(Playground p, PrintWriter out) {
        ClusterShape shape = p.spec().shape();
        Endpoint primary = p.primary();
        int rw = p.readWriteAddress().getPort();
        String auth = shape.password().map(pw -> "REDISCLI_AUTH=" + authValue(shape) + " ").orElse("");
        String cli = "redis-cli" + p.certificates().map(c -> " " + tlsOptions(c, shape)).orElse("");
        Endpoint firstSentinel = p.sentinels().get(0);

        out.println();
        out.println("Managed KVS playground: " + shape.engine().id() + ", " + shape.replicas() + " member(s) and " + shape.sentinels()
                + " Sentinel(s), down-after-milliseconds " + shape.downAfterMs());
        out.println();
        out.println("  read-write   127.0.0.1:" + rw + "   forwards to the primary, and follows it across failovers");
        out.println("  sentinels    " + p.sentinels().stream().map(Endpoint::address).collect(Collectors.joining(" ")));
        out.println("  master name  " + p.masterName());
        out.println("  password     " + (shape.password().isEmpty() ? "none (start with --password-file or "
                + ClusterOptions.PASSWORD_ENV + " to require one)"
                : shape.passwordOnCommandLine() ? shape.password().get() : "from " + shape.passwordOrigin() + " (not shown)"));
        String indent = "  members      ";
        for (Endpoint m : p.members()) {
            String role = m.name().equals(primary.name()) ? "primary" : "replica";
            out.println(indent + m.name() + " " + m.address() + " (" + role + ", pid " + p.pid(m.name()) + ")");
            indent = "               ";
        }
        p.certificates().ifPresent(c -> out.println("  tls          TLS only, plain text refused; CA " + c.client().authority()
                + ", client certificate in " + c.clientDir() + (shape.password().isEmpty() ? " (required: no password)" : " (optional)")));
        out.println("  directory    " + p.dir() + " (configurations, data and logs)");
        out.println();
        out.println("Try it:");
        out.println("  " + auth + cli + " -p " + rw + " set greeting hello");
        out.println("  " + auth + cli + " -p " + rw + " get greeting");
        out.println("  " + auth + cli + " -p " + firstSentinel.port() + " sentinel get-master-addr-by-name " + p.masterName());
        if (shape.replicas() > 1) {
            out.println("  kill -9 " + p.pid(primary.name()) + "    # the primary: after down-after-milliseconds and an election,"
                    + " the read-write address forwards to the new one");
        }
        out.println();
        out.println("Press Ctrl-C to stop the playground and every process it started.");
        out.println();
        out.flush();
    }

    /**
     * redis-cli's TLS options: trusting the CA is enough with a password; without one the client
     * certificate is the credential.
     */
    private static String tlsOptions(PlaygroundCertificates certificates, ClusterShape shape) {
        return shape.password().isPresent() ? "--tls --cacert " + certificates.client().authority() : certificates.redisCliOptions();
    }

    /** What the lines to copy set REDISCLI_AUTH to: the password only where it was typed anyway. */
    private static String authValue(ClusterShape shape) {
        if (shape.passwordOnCommandLine()) {
            return shellQuote(shape.password().orElseThrow());
        }
        if (shape.passwordOrigin().equals(ClusterOptions.PASSWORD_ENV)) {
            return "\"$" + ClusterOptions.PASSWORD_ENV + "\"";
        }
        return "\"$(head -n 1 " + shellQuote(shape.passwordOrigin().substring(ClusterOptions.PASSWORD_FILE_OPTION.length() + 1)) + ")\"";
    }

    /** A single-quoted shell word. */
    static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
