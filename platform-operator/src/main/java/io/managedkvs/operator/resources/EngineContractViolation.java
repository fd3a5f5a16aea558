package io.managedkvs.operator.resources;

/**
 * An engine returned something the operator cannot apply (a kind it does not manage, missing labels,
 * an object in another namespace). A bug in the engine, reported as an engine error rather than
 * applied half-way.
 */
public class EngineContractViolation extends RuntimeException {

    public EngineContractViolation(String message) {
        super(message);
    }
}
