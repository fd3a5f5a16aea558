package io.managedkvs.redis.config;

import java.util.Optional;

/**
 * Renders the base sentinel.conf. It names no primary: the actuator registers the primary with
 * {@code SENTINEL MONITOR} once it knows which member holds the data, and Sentinel records what it
 * learns in its own copy of the file.
 */
public final class SentinelConfRenderer {

    private SentinelConfRenderer() {
    }

    /**
     * @param port          the port to listen on
     * @param bind          the addresses to listen on
     * @param dir           Sentinel's working directory
     * @param useHostnames  whether members are known by DNS names (in Kubernetes) rather than addresses
     */
    public static String render(int port, String bind, String dir, boolean useHostnames) {
        return render(port, bind, dir, useHostnames, Optional.empty());
    }

    /**
     * As {@link #render(int, String, String, boolean)}; with {@code tls}, Sentinel serves TLS only on
     * {@code port} and dials members and other Sentinels over TLS ({@code tls-replication yes}).
     */
    public static String render(int port, String bind, String dir, boolean useHostnames, Optional<TlsConfig> tls) {
        StringBuilder out = new StringBuilder(512);
        out.append("# Rendered by Managed KVS from the ManagedKVS resource; edit the resource, not this file.\n");
        RedisConfRenderer.ports(out, port, tls);
        out.append("bind ").append(bind).append('\n');
        out.append("protected-mode no\n");
        out.append("daemonize no\n");
        out.append("logfile \"\"\n");
        out.append("dir ").append(ConfigQuoting.quote(dir)).append('\n');
        if (useHostnames) {
            out.append("sentinel resolve-hostnames yes\n");
            out.append("sentinel announce-hostnames yes\n");
        }
        return out.toString();
    }

    /** The lines that carry the password: clients and peer Sentinels authenticate with it. */
    public static String secretDirectives(String password) {
        String quoted = ConfigQuoting.quote(password);
        return "requirepass " + quoted + "\nsentinel sentinel-pass " + quoted + "\n";
    }
}
