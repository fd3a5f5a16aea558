package io.managedkvs.redis.model;

import io.managedkvs.api.resource.EngineVersion;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Redis versions the engine runs, with the RDB format each writes. An older Redis refuses an
 * RDB file of a newer format, and a replica loads its primary's RDB on every full sync, so the RDB
 * format decides which downgrades are possible.
 */
public final class RedisVersions {

    /** Minor line → the RDB format version it writes. */
    private static final Map<String, Integer> RDB_FORMAT = rdbFormats();

    private static Map<String, Integer> rdbFormats() {
        Map<String, Integer> formats = new LinkedHashMap<>();
        formats.put("6.2", 9);
        formats.put("7.0", 10);
        formats.put("7.2", 11);
        formats.put("7.4", 12);
        return Collections.unmodifiableMap(formats);
    }

    private RedisVersions() {
    }

    public static boolean supported(EngineVersion version) {
        return RDB_FORMAT.containsKey(version.minorLine());
    }

    /** The supported minor lines, oldest first, for messages. */
    public static String supportedList() {
        return String.join(", ", RDB_FORMAT.keySet());
    }

    public static Optional<Integer> rdbFormat(EngineVersion version) {
        return Optional.ofNullable(RDB_FORMAT.get(version.minorLine()));
    }

    /** The official image of {@code spec.version}, before any registry override. */
    public static String image(String specVersion) {
        return "redis:" + specVersion.trim();
    }
}
