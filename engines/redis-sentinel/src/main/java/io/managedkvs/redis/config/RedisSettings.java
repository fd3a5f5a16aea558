package io.managedkvs.redis.config;

import io.managedkvs.api.resource.RedisSpec;
import io.managedkvs.api.resource.RedisSpec.Persistence;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The redis.conf settings of an instance, resolved from its spec: persistence, fencing and the
 * user's directives (already validated against the {@link DirectiveCatalogue}).
 *
 * @param persistence        what is written to disk
 * @param minReplicasToWrite the fencing threshold in effect
 * @param minReplicasMaxLag  seconds within which a replica counts for fencing
 * @param userConfig         the user's directives, keys in lower case, sorted
 */
public record RedisSettings(Persistence persistence, int minReplicasToWrite, int minReplicasMaxLag, Map<String, String> userConfig) {

    /** The RDB snapshot schedule of persistence RDB: Redis' own default. */
    public static final String RDB_SAVE = "3600 1 300 100 60 10000";

    public RedisSettings {
        userConfig = new TreeMap<>(lowerCaseKeys(userConfig));
    }

    /**
     * The settings of an instance with {@code replicas} data members. Fencing defaults to one
     * replica when there is any, so that an isolated primary stops taking writes.
     */
    public static RedisSettings of(RedisSpec spec, int replicas) {
        RedisSpec r = spec == null ? RedisSpec.DEFAULT : spec;
        int fencing = r.minReplicasToWrite() != null ? r.minReplicasToWrite() : (replicas > 1 ? 1 : 0);
        return new RedisSettings(r.effectivePersistence(), fencing, r.effectiveMinReplicasMaxLagSeconds(), r.config());
    }

    public String save() {
        return persistence == Persistence.RDB || persistence == Persistence.RDBAndAOF ? RDB_SAVE : "";
    }

    public boolean appendOnly() {
        return persistence == Persistence.AOF || persistence == Persistence.RDBAndAOF;
    }

    /**
     * What running members must report in {@code CONFIG GET}, as normalised values: persistence,
     * fencing and the user's dynamic directives. Applied with CONFIG SET without a restart.
     */
    public Map<String, String> dynamicConfig(DirectiveCatalogue catalogue) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("save", save());
        out.put("appendonly", appendOnly() ? "yes" : "no");
        out.put("min-replicas-to-write", Integer.toString(minReplicasToWrite));
        out.put("min-replicas-max-lag", Integer.toString(minReplicasMaxLag));
        userConfig.forEach((k, v) -> catalogue.find(k).filter(Directive::dynamic)
                .ifPresent(d -> out.put(k, d.type().normalize(v))));
        return out;
    }

    /** The user's directives that need a restart to change. */
    public Map<String, String> restartConfig(DirectiveCatalogue catalogue) {
        Map<String, String> out = new TreeMap<>();
        userConfig.forEach((k, v) -> catalogue.find(k).filter(d -> d.mode() == Directive.Mode.RESTART)
                .ifPresent(d -> out.put(k, d.type().normalize(v))));
        return out;
    }

    /**
     * A digest of the restart-required directives. Pods carry it in an annotation, so changing one
     * of them changes the pod template and rolls the members; dynamic changes do not.
     */
    public String restartHash(DirectiveCatalogue catalogue) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            restartConfig(catalogue).forEach((k, v) -> sha.update((k + "=" + v + "\n").getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> lowerCaseKeys(Map<String, String> in) {
        Map<String, String> out = new LinkedHashMap<>();
        if (in != null) {
            in.forEach((k, v) -> out.put(k.trim().toLowerCase(Locale.ROOT), v == null ? "" : v));
        }
        return out;
    }
}
