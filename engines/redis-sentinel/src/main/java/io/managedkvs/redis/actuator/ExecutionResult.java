package io.managedkvs.redis.actuator;

import java.util.List;
import java.util.Optional;

/**
 * What executing a plan's steps did.
 *
 * @param done     the steps carried out
 * @param failures why the others failed (no passwords), one line each
 * @param promoted the member a controlled failover promoted, if one ran to completion
 */
public record ExecutionResult(List<Step> done, List<String> failures, Optional<String> promoted) {

    public ExecutionResult {
        done = List.copyOf(done);
        failures = List.copyOf(failures);
    }

    public boolean succeeded() {
        return failures.isEmpty();
    }
}
