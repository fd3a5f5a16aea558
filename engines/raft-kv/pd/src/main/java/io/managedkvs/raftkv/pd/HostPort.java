package io.managedkvs.raftkv.pd;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** A HOST:PORT option value. */
public record HostPort(String host, int port) {

    /** @throws IllegalArgumentException naming {@code option} when {@code value} is not HOST:PORT */
    public static HostPort parse(String option, String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new IllegalArgumentException(option + ": '" + value + "' is not HOST:PORT");
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": '" + value + "' has no numeric port");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(option + ": port " + port + " is outside 0-65535");
        }
        return new HostPort(value.substring(0, colon), port);
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
