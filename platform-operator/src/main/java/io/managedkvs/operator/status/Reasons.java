package io.managedkvs.operator.status;

/** The CamelCase condition and Event reasons the operator itself sets (engines add their own). */
public final class Reasons {

    public static final String SPEC_ACCEPTED = "SpecAccepted";
    public static final String INVALID_SPEC = "InvalidSpec";
    public static final String UNKNOWN_ENGINE = "UnknownEngine";
    public static final String CREDENTIALS_UNAVAILABLE = "CredentialsUnavailable";
    /** spec.tls names a Secret that is missing, lacks keys, or holds an expired or mismatched certificate. */
    public static final String TLS_SECRET_INVALID = "TlsSecretInvalid";
    public static final String ENGINE_ERROR = "EngineError";
    public static final String MEMBERS_READY = "MembersReady";
    public static final String MEMBERS_NOT_READY = "MembersNotReady";
    public static final String ROLLING_OUT = "RollingOut";
    public static final String ROLLOUT_COMPLETE = "RolloutComplete";
    public static final String SPEC_REJECTED = "SpecRejected";
    public static final String HEALTHY = "Healthy";
    public static final String NOT_PROVISIONED = "NotProvisioned";

    /** Event reasons for transitions that have no condition reason of their own. */
    public static final String INSTANCE_READY = "InstanceReady";
    public static final String INSTANCE_NOT_READY = "InstanceNotReady";
    public static final String RECOVERED = "Recovered";
    /** An owned object was changed by hand and the operator applied it again. */
    public static final String DRIFT_REVERTED = "DriftReverted";

    private Reasons() {
    }
}
