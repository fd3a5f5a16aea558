package io.managedkvs.redis.config;

import java.util.Map;
import java.util.Optional;

/**
 * Renders redis.conf. The same text runs in pods (from the ConfigMap) and in local processes, so
 * that the playground and the tests run what the operator runs. It never contains the password:
 * {@link #secretDirectives} renders those lines separately, for a file that only the member sees.
 */
public final class RedisConfRenderer {

    private RedisConfRenderer() {
    }

    /**
     * @param settings the resolved settings
     * @param bind     the addresses to listen on, for example {@code * -::*} in a pod or {@code 127.0.0.1}
     * @param port     the port to listen on
     * @param dataDir  where RDB and AOF files are written
     */
    public static String render(RedisSettings settings, String bind, int port, String dataDir) {
        return render(settings, bind, port, dataDir, Optional.empty());
    }

    /**
     * As {@link #render(RedisSettings, String, int, String)}; with {@code tls}, {@code port} serves TLS
     * only and the plain-text port is closed ({@code port 0}).
     */
    public static String render(RedisSettings settings, String bind, int port, String dataDir, Optional<TlsConfig> tls) {
        StringBuilder out = new StringBuilder(1024);
        out.append("# Rendered by Managed KVS from the ManagedKVS resource; edit the resource, not this file.\n");
        ports(out, port, tls);
        line(out, "bind", bind);
        line(out, "protected-mode", "no");
        line(out, "daemonize", "no");
        line(out, "logfile", "\"\"");
        line(out, "dir", ConfigQuoting.quote(dataDir));
        line(out, "replica-read-only", "yes");
        line(out, "save", settings.save().isEmpty() ? "\"\"" : settings.save());
        line(out, "appendonly", settings.appendOnly() ? "yes" : "no");
        line(out, "min-replicas-to-write", Integer.toString(settings.minReplicasToWrite()));
        line(out, "min-replicas-max-lag", Integer.toString(settings.minReplicasMaxLag()));
        if (!settings.userConfig().isEmpty()) {
            out.append("# From spec.redis.config\n");
            for (Map.Entry<String, String> e : settings.userConfig().entrySet()) {
                line(out, e.getKey(), value(e.getValue()));
            }
        }
        return out.toString();
    }

    /** {@code port}, or with TLS {@code port 0}, {@code tls-port} and the TLS directives; shared with sentinel.conf. */
    static void ports(StringBuilder out, int port, Optional<TlsConfig> tls) {
        if (tls.isEmpty()) {
            line(out, "port", Integer.toString(port));
            return;
        }
        line(out, "port", "0");
        line(out, "tls-port", Integer.toString(port));
        out.append(tls.get().directives());
    }

    /** The lines that carry the password; written only where the member alone can read them. */
    public static String secretDirectives(String password) {
        String quoted = ConfigQuoting.quote(password);
        return "requirepass " + quoted + "\nmasterauth " + quoted + "\n";
    }

    /**
     * A user's value as written: multi-word values such as {@code client-output-buffer-limit} stay
     * separate arguments, as Redis expects; empty values and values with quotes are quoted.
     */
    private static String value(String v) {
        String t = v.strip();
        if (t.isEmpty() || t.indexOf('"') >= 0 || t.indexOf('\\') >= 0 || t.indexOf('\'') >= 0) {
            return ConfigQuoting.quote(t);
        }
        return t;
    }

    private static void line(StringBuilder out, String directive, String value) {
        out.append(directive).append(' ').append(value).append('\n');
    }
}
