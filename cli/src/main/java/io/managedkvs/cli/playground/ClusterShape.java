package io.managedkvs.cli.playground;

import io.managedkvs.cli.Engine;
import java.util.Optional;

/**
 * A validated local instance: the engine, its members and Sentinels, the failure detection time and
 * the password, if any.
 */
public record ClusterShape(Engine engine, int replicas, int sentinels, int downAfterMs, Optional<String> password) {
}
