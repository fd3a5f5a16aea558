package io.managedkvs.cli.playground;

import io.managedkvs.cli.Engine;
import java.util.Optional;

/**
 * A validated local instance: the engine, its members and Sentinels, the failure detection time and
 * the password, if any, with where it came from.
 *
 * @param passwordOrigin {@code --password}, {@code --password-file FILE} or {@code KVSCTL_PASSWORD}; null without a password
 */
public record ClusterShape(Engine engine, int replicas, int sentinels, int downAfterMs, Optional<String> password, String passwordOrigin) {

    /** Whether the password was typed on the command line, where every local user can read it anyway. */
    public boolean passwordOnCommandLine() {
        return ClusterOptions.PASSWORD_OPTION.equals(passwordOrigin);
    }
}
