package io.managedkvs.api.engine;

/**
 * Why a spec cannot be applied. {@code field} is the path of the offending field as a user writes it
 * in YAML, for example {@code spec.redis.config.port}.
 */
public record SpecViolation(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
