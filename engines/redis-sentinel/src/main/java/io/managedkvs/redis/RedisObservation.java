package io.managedkvs.redis;

import io.managedkvs.redis.actuator.TlsRotation;

import io.managedkvs.redis.actuator.DesiredState;
import io.managedkvs.redis.actuator.Observation;
import io.managedkvs.redis.actuator.Plan;
import io.managedkvs.redis.actuator.Topology;

/**
 * What the engine learned in observe: the members' reports and the plan made from them. The plan
 * is pure, so computing it here changes nothing; act carries it out.
 */
public record RedisObservation(Topology topology, DesiredState desired, Observation observation, Plan plan, TlsRotation tlsRotation) {

    /** Without TLS, or before anything could be compared. */
    public RedisObservation(Topology topology, DesiredState desired, Observation observation, Plan plan) {
        this(topology, desired, observation, plan, TlsRotation.NONE);
    }
}
