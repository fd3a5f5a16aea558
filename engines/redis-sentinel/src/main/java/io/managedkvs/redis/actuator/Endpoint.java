package io.managedkvs.redis.actuator;

import java.util.Objects;

/**
 * One redis member or Sentinel: its name (a pod name, or a local process name), the address Redis
 * and Sentinel know it by, and the host the actuator dials, which may differ (a pod is announced by
 * its DNS name but dialled by its IP).
 *
 * @param name     the member's name
 * @param host     the host it announces and is registered under
 * @param port     its port
 * @param dialHost the host the actuator connects to
 */
public record Endpoint(String name, String host, int port, String dialHost) {

    public Endpoint {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        dialHost = dialHost == null || dialHost.isBlank() ? host : dialHost;
    }

    /** An endpoint dialled at the address it announces, as local processes are. */
    public static Endpoint of(String name, String host, int port) {
        return new Endpoint(name, host, port, host);
    }

    /** Whether {@code host:port}, as Redis or Sentinel reports it, names this endpoint. */
    public boolean isAt(String otherHost, int otherPort) {
        return port == otherPort && otherHost != null
                && (host.equalsIgnoreCase(otherHost) || dialHost.equalsIgnoreCase(otherHost));
    }

    public String address() {
        return host + ":" + port;
    }

    @Override
    public String toString() {
        return name + "(" + address() + ")";
    }
}
