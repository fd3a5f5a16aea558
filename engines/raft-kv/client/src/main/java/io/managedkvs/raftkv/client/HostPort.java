package io.managedkvs.raftkv.client;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * A host:port, checked: what a client dials, and what the store and PD processes listen on and
 * advertise.
 *
 * @param host the host name or address
 * @param port 1 to 65535 to dial; 0 to listen on a free port
 */
public record HostPort(String host, int port) {

    /** Parses an address to dial, port 1 to 65535; the error names {@code field}. */
    public static HostPort parse(String field, String value) {
        return parse(field, value, 1);
    }

    /** Parses an address to listen on, where port 0 asks for a free port; the error names {@code field}. */
    public static HostPort parseListen(String field, String value) {
        return parse(field, value, 0);
    }

    private static HostPort parse(String field, String value, int lowestPort) {
        String v = value == null ? "" : value.trim();
        int colon = v.lastIndexOf(':');
        if (colon <= 0 || colon == v.length() - 1) {
            throw new IllegalArgumentException(field + ": expected HOST:PORT, was '" + value + "'");
        }
        int port;
        try {
            port = Integer.parseInt(v.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + ": the port of '" + value + "' is not a number");
        }
        if (port < lowestPort || port > 65_535) {
            throw new IllegalArgumentException(field + ": the port of '" + value + "' must be between " + lowestPort + " and 65535");
        }
        return new HostPort(v.substring(0, colon), port);
    }

    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(host, port);
    }

    /** What others dial: this address, with the machine's name instead of a wildcard host. */
    public HostPort advertised() {
        if (!host.equals("0.0.0.0") && !host.equals("::")) {
            return this;
        }
        try {
            return new HostPort(InetAddress.getLocalHost().getHostName(), port);
        } catch (UnknownHostException e) {
            return new HostPort("localhost", port);
        }
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
