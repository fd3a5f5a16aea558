package io.managedkvs.redis.config;

/** Quoting of values in redis.conf and sentinel.conf, which split arguments the way a shell does. */
public final class ConfigQuoting {

    private ConfigQuoting() {
    }

    /** {@code value} as one double-quoted argument, with backslashes and quotes escaped. */
    public static String quote(String value) {
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("configuration values must be on one line");
        }
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.append('"').toString();
    }
}
