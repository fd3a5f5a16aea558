package io.managedkvs.raftkv.client;

/**
 * A host:port, checked.
 *
 * @param host the host name or address
 * @param port 1 to 65535
 */
public record HostPort(String host, int port) {

    /** Parses {@code value}; the error names {@code field}. */
    public static HostPort parse(String field, String value) {
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
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException(field + ": the port of '" + value + "' must be between 1 and 65535");
        }
        return new HostPort(v.substring(0, colon), port);
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
