package io.managedkvs.redis.config;

/**
 * One redis.conf directive the catalogue knows.
 *
 * @param name  the directive, lower case
 * @param mode  how a change reaches running members
 * @param type  its values, or null for an owned directive
 * @param hint  for an owned directive, what to use instead
 */
public record Directive(String name, Mode mode, ValueType type, String hint) {

    public enum Mode {
        /** Applied to running members with CONFIG SET. */
        DYNAMIC,
        /** Needs a restart: changing it rolls the members. */
        RESTART,
        /** Set by the platform; refused in spec.redis.config. */
        OWNED
    }

    public boolean dynamic() {
        return mode == Mode.DYNAMIC;
    }
}
