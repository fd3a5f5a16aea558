package io.managedkvs.redis.validation;

import io.managedkvs.api.engine.SpecViolation;
import io.managedkvs.api.resource.EngineVersion;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.resource.ManagedKVSSpec;
import io.managedkvs.api.resource.ManagedKVSStatus;
import io.managedkvs.api.resource.RedisSpec;
import io.managedkvs.api.resource.SentinelSpec;
import io.managedkvs.api.validation.CommonSpecValidator;
import io.managedkvs.redis.config.Directive;
import io.managedkvs.redis.config.DirectiveCatalogue;
import io.managedkvs.redis.config.SentinelSettings;
import io.managedkvs.redis.model.RedisVersions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the redis-sentinel engine checks beyond {@link CommonSpecValidator} (which the operator runs
 * first): the version and downgrades, the redis.conf directives, fencing and Sentinel settings.
 * Every violation names the field as the user wrote it.
 */
public final class RedisSpecValidator {

    private final DirectiveCatalogue catalogue;

    public RedisSpecValidator(DirectiveCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    public List<SpecViolation> validate(ManagedKVS resource) {
        List<SpecViolation> out = new ArrayList<>();
        ManagedKVSSpec spec = resource.getSpec();
        if (spec == null) {
            return out;
        }
        checkVersion(spec.version(), resource.getStatus(), out);
        RedisSpec redis = spec.redis();
        if (redis != null) {
            checkConfig(redis.config(), out);
            checkFencing(redis, spec.effectiveReplicas(), out);
            checkSentinel(redis.sentinel(), out);
        }
        return out;
    }

    private static void checkVersion(String version, ManagedKVSStatus status, List<SpecViolation> out) {
        if (!EngineVersion.isValid(version)) {
            return; // CommonSpecValidator reports the format
        }
        EngineVersion wanted = EngineVersion.parse(version);
        if (!RedisVersions.supported(wanted)) {
            out.add(new SpecViolation("spec.version", "Redis " + version + " is not supported; supported versions are "
                    + RedisVersions.supportedList() + " (MAJOR.MINOR, or MAJOR.MINOR.PATCH of one of them)"));
            return;
        }
        dataVersion(status).ifPresent(data -> {
            if (wanted.major() < data.major() || (wanted.major() == data.major() && wanted.minor() < data.minor())) {
                String dataFormat = RedisVersions.rdbFormat(data).map(f -> " (RDB format " + f + ")").orElse("");
                String wantedFormat = RedisVersions.rdbFormat(wanted).map(f -> " reads RDB formats up to " + f).orElse(" cannot read it");
                out.add(new SpecViolation("spec.version", "cannot downgrade to " + version + ": the data was written by Redis "
                        + data.minorLine() + dataFormat + ", and Redis " + wanted.minorLine() + wantedFormat
                        + ", so its members could neither load their files nor resynchronise from an upgraded primary."
                        + " Keep spec.version at " + data.minorLine() + " or later, or restore a backup taken before the upgrade into a new instance"));
            }
        });
    }

    /** The newest version the data has been written by: status.dataVersion, or status.version for older statuses. */
    private static Optional<EngineVersion> dataVersion(ManagedKVSStatus status) {
        if (status == null) {
            return Optional.empty();
        }
        EngineVersion newest = null;
        for (String v : new String[] {status.dataVersion(), status.version()}) {
            if (EngineVersion.isValid(v)) {
                EngineVersion parsed = EngineVersion.parse(v);
                if (newest == null || parsed.compareTo(newest) > 0) {
                    newest = parsed;
                }
            }
        }
        return Optional.ofNullable(newest);
    }

    private void checkConfig(Map<String, String> config, List<SpecViolation> out) {
        config.keySet().stream().sorted().forEach(key -> {
            String field = "spec.redis.config." + key;
            String value = config.get(key);
            Optional<Directive> directive = catalogue.find(key);
            if (directive.isEmpty()) {
                out.add(new SpecViolation(field, "unknown directive '" + key + "'; the accepted directives are listed in docs/redis-sentinel.md"));
            } else if (directive.get().mode() == Directive.Mode.OWNED) {
                out.add(new SpecViolation(field, "'" + key + "' is managed by the platform and cannot be set: " + directive.get().hint()));
            } else if (value == null) {
                out.add(new SpecViolation(field, "needs a value"));
            } else {
                directive.get().type().check(value).ifPresent(problem -> out.add(new SpecViolation(field, problem)));
            }
        });
    }

    private static void checkFencing(RedisSpec redis, int replicas, List<SpecViolation> out) {
        Integer fencing = redis.minReplicasToWrite();
        if (fencing != null && fencing > replicas - 1) {
            out.add(new SpecViolation("spec.redis.minReplicasToWrite", "must be at most spec.replicas - 1 (" + (replicas - 1)
                    + "): with " + replicas + " member(s) the primary has " + (replicas - 1)
                    + " replica(s), so it would refuse every write; got " + fencing));
        }
    }

    private static void checkSentinel(SentinelSpec sentinel, List<SpecViolation> out) {
        if (sentinel == null) {
            return;
        }
        SentinelSettings settings = SentinelSettings.of(sentinel);
        if (settings.quorum() > settings.replicas()) {
            out.add(new SpecViolation("spec.redis.sentinel.quorum", "must not exceed the number of Sentinels ("
                    + settings.replicas() + "), or no failover could ever start; got " + settings.quorum()));
        }
        CommonSpecValidator.checkResources("spec.redis.sentinel.resources", sentinel.resources(), out);
    }
}
