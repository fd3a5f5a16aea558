package io.managedkvs.redis.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The shell scripts pods run, checked in next to this class and shipped in the ConfigMap. */
public final class Scripts {

    public static final String REDIS_START = "redis-start.sh";
    public static final String SENTINEL_START = "sentinel-start.sh";
    public static final String REDIS_READY = "redis-ready.sh";
    public static final String SENTINEL_READY = "sentinel-ready.sh";
    /** Not a script: the Sentinels' addresses, one {@code host port} per line, that redis-start.sh asks. */
    public static final String SENTINELS = "sentinels";
    public static final String ALIVE = "alive.sh";

    private Scripts() {
    }

    public static String load(String name) {
        try (InputStream in = Scripts.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing script " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
