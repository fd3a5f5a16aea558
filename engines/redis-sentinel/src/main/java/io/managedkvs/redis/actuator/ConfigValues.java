package io.managedkvs.redis.actuator;

import io.managedkvs.redis.config.Directive;
import io.managedkvs.redis.config.DirectiveCatalogue;
import io.managedkvs.redis.config.ValueType;
import java.util.Map;

/** Compares a directive's wanted value with what CONFIG GET reports, in the directive's own terms. */
final class ConfigValues {

    private static final DirectiveCatalogue CATALOGUE = DirectiveCatalogue.standard();
    private static final Map<String, ValueType> PLATFORM = Map.of(
            "save", new ValueType.Text(),
            "appendonly", new ValueType.Bool(),
            "min-replicas-to-write", new ValueType.Int(0, Integer.MAX_VALUE),
            "min-replicas-max-lag", new ValueType.Int(0, Integer.MAX_VALUE),
            "replica-priority", new ValueType.Int(0, Integer.MAX_VALUE));

    private ConfigValues() {
    }

    static boolean same(String key, String wanted, String observed) {
        ValueType type = PLATFORM.get(key);
        if (type == null) {
            type = CATALOGUE.find(key).map(Directive::type).orElse(new ValueType.Text());
        }
        return type.matches(wanted, observed);
    }
}
