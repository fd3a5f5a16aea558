package io.managedkvs.redis.actuator;

/** The replication role a member reports in INFO replication. */
public enum Role {
    PRIMARY, REPLICA, UNKNOWN;

    static Role parse(String role) {
        if ("master".equals(role)) {
            return PRIMARY;
        }
        return "slave".equals(role) ? REPLICA : UNKNOWN;
    }
}
