package io.managedkvs.operator.credentials;

import io.managedkvs.api.engine.Credentials;
import io.managedkvs.api.engine.SpecViolation;
import java.util.Optional;

/**
 * What the credentials step found: the credentials (empty when auth is off), or why they are not
 * available, naming the field that points at them.
 */
public sealed interface CredentialsOutcome {

    record Available(Optional<Credentials> credentials) implements CredentialsOutcome {
    }

    record Unavailable(SpecViolation violation) implements CredentialsOutcome {
    }
}
