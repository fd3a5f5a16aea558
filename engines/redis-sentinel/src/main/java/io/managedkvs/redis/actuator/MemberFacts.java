package io.managedkvs.redis.actuator;

/**
 * What the platform knows about a redis member apart from what Redis reports.
 *
 * @param ordinal   its ordinal (pod name suffix)
 * @param upToDate  whether it runs the current definition (image, restart-required configuration)
 * @param ready     whether it is running and passes its readiness check
 */
public record MemberFacts(int ordinal, boolean upToDate, boolean ready) {

    /** The ordinal at the end of a name such as {@code cache-redis-2}, or -1. */
    public static int ordinalOf(String name) {
        int dash = name.lastIndexOf('-');
        if (dash < 0 || dash == name.length() - 1) {
            return -1;
        }
        try {
            return Integer.parseInt(name.substring(dash + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
