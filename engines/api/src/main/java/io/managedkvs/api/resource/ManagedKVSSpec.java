package io.managedkvs.api.resource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * What the user asks for. Fields left out take the defaults documented on each field; the
 * defaults are applied where they are used (see the {@code effective...} accessors), never
 * written back into the spec.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = ManagedKVSSpec.RESTORE_ONLY_AT_CREATION, message = "spec.restore can only be set when the instance is"
        + " created: restoring into a running instance would replace its data. Create a new ManagedKVS with spec.restore instead")
@ValidationRule(value = ManagedKVSSpec.TLS_FIXED_AT_CREATION, fieldPath = ".tls", message = ManagedKVSSpec.TLS_FIXED_MESSAGE)
@ValidationRule(value = ManagedKVSSpec.STORES_FOR_REPLICATION_RULE, fieldPath = ".replicas",
        message = "spec.replicas must be at least spec.raftKv.replicationFactor: each region keeps that many copies on different stores")
public record ManagedKVSSpec(
        @Required
        @Pattern("^(redis-sentinel|raft-kv)$")
        @JsonPropertyDescription("The storage engine: 'redis-sentinel' (Redis with replication made highly available by Redis Sentinel) or 'raft-kv' (the built-in Multi-Raft store). Immutable after creation.")
        String engine,

        @Required
        @Pattern("^[0-9]+\\.[0-9]+(\\.[0-9]+)?$")
        @JsonPropertyDescription("The engine version to run, as MAJOR.MINOR or MAJOR.MINOR.PATCH (for example \"7.2\"). Upgrades roll the members; a downgrade the stored data cannot survive is refused.")
        String version,

        @Min(1)
        @Max(99)
        @JsonPropertyDescription("Number of data members. For redis-sentinel: one primary and replicas-1 read replicas. For raft-kv: the number of store nodes. Defaults to 3.")
        Integer replicas,

        @JsonPropertyDescription("CPU and memory for each data member.")
        ComputeResources resources,

        @JsonPropertyDescription("Persistent storage for each data member. Without it, members keep their data on an emptyDir volume and a rescheduled member resynchronises from its peers.")
        StorageSpec storage,

        @JsonPropertyDescription("Where members are placed: spreading across nodes and zones, node selection, tolerations, priority.")
        SchedulingSpec scheduling,

        @JsonPropertyDescription("Client authentication. On by default with a generated password stored in a Secret.")
        AuthSpec auth,

        @JsonPropertyDescription("TLS for client connections.")
        TlsSpec tls,

        @JsonPropertyDescription("How the read-write endpoint is reached from outside the cluster. Defaults to ClusterIP (inside the cluster only).")
        ExposeSpec expose,

        @JsonPropertyDescription("Scheduled backups.")
        BackupSpec backup,

        @JsonPropertyDescription("Restore the data of a backup into this instance when it is created.")
        RestoreSpec restore,

        @JsonPropertyDescription("Metrics exporters for the data members.")
        MonitoringSpec monitoring,

        @JsonPropertyDescription("Settings of the redis-sentinel engine. Only allowed when spec.engine is redis-sentinel.")
        RedisSpec redis,

        @JsonPropertyDescription("Settings of the raft-kv engine. Only allowed when spec.engine is raft-kv.")
        RaftKvSpec raftKv) {

    public static final int DEFAULT_REPLICAS = 3;
    /** A transition rule: spec.restore is neither added, changed nor removed after creation. */
    static final String RESTORE_ONLY_AT_CREATION =
            "has(self.restore) == has(oldSelf.restore) && (!has(self.restore) || self.restore == oldSelf.restore)";
    /**
     * A transition rule: TLS (spec.tls.enabled, off when spec.tls or the field is left out) is neither
     * turned on nor off after creation (decision 0015); the Secret's name may change.
     */
    static final String TLS_FIXED_AT_CREATION = "(has(self.tls) && has(self.tls.enabled) && self.tls.enabled)"
            + " == (has(oldSelf.tls) && has(oldSelf.tls.enabled) && oldSelf.tls.enabled)";
    /** What the API server and the operator say when TLS is switched on a running instance. */
    public static final String TLS_FIXED_MESSAGE = "spec.tls.enabled is fixed when the instance is created: members and"
            + " clients cannot switch between TLS and plain text without losing each other. Create a new ManagedKVS with the"
            + " TLS setting you want, from a backup of this one (spec.restore)";
    /** raft-kv: no more copies of a region than stores to hold them (both fields defaulting to 3). */
    public static final String STORES_FOR_REPLICATION_RULE = "!has(self.raftKv) || !has(self.raftKv.replicationFactor)"
            + " || self.raftKv.replicationFactor <= (has(self.replicas) ? self.replicas : 3)";

    /** Declared here rather than on the component so that the immutability rule appears once in the schema. */
    @Override
    @ValidationRule(value = "self == oldSelf", message = "spec.engine is immutable: create a new ManagedKVS to change engines")
    public String engine() {
        return engine;
    }

    /** The number of data members, defaulted. */
    public int effectiveReplicas() {
        return replicas == null ? DEFAULT_REPLICAS : replicas;
    }

    public AuthSpec effectiveAuth() {
        return auth == null ? AuthSpec.DEFAULT : auth;
    }

    public SchedulingSpec effectiveScheduling() {
        return scheduling == null ? SchedulingSpec.DEFAULT : scheduling;
    }

    public ExposeSpec effectiveExpose() {
        return expose == null ? ExposeSpec.DEFAULT : expose;
    }

    public MonitoringSpec effectiveMonitoring() {
        return monitoring == null ? MonitoringSpec.DEFAULT : monitoring;
    }

    public RaftKvSpec effectiveRaftKv() {
        return raftKv == null ? RaftKvSpec.DEFAULT : raftKv;
    }

    public ComputeResources effectiveResources() {
        return resources == null ? ComputeResources.NONE : resources;
    }

    /** A spec with only the two required fields and everything else defaulted. */
    public static ManagedKVSSpec of(String engine, String version) {
        return new ManagedKVSSpec(engine, version, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public ManagedKVSSpec withReplicas(Integer value) {
        return new ManagedKVSSpec(engine, version, value, resources, storage, scheduling, auth, tls, expose, backup, restore, monitoring, redis, raftKv);
    }

    public ManagedKVSSpec withVersion(String value) {
        return new ManagedKVSSpec(engine, value, replicas, resources, storage, scheduling, auth, tls, expose, backup, restore, monitoring, redis, raftKv);
    }

    public ManagedKVSSpec withStorage(StorageSpec value) {
        return new ManagedKVSSpec(engine, version, replicas, resources, value, scheduling, auth, tls, expose, backup, restore, monitoring, redis, raftKv);
    }

    public ManagedKVSSpec withScheduling(SchedulingSpec value) {
        return new ManagedKVSSpec(engine, version, replicas, resources, storage, value, auth, tls, expose, backup, restore, monitoring, redis, raftKv);
    }

    public ManagedKVSSpec withAuth(AuthSpec value) {
        return new ManagedKVSSpec(engine, version, replicas, resources, storage, scheduling, value, tls, expose, backup, restore, monitoring, redis, raftKv);
    }

    public ManagedKVSSpec withExpose(ExposeSpec value) {
        return new ManagedKVSSpec(engine, version, replicas, resources, storage, scheduling, auth, tls, value, backup, restore, monitoring, redis, raftKv);
    }

    public ManagedKVSSpec withMonitoring(MonitoringSpec value) {
        return new ManagedKVSSpec(engine, version, replicas, resources, storage, scheduling, auth, tls, expose, backup, restore, value, redis, raftKv);
    }

    public ManagedKVSSpec withResources(ComputeResources value) {
        return new ManagedKVSSpec(engine, version, replicas, value, storage, scheduling, auth, tls, expose, backup, restore, monitoring, redis, raftKv);
    }

    public ManagedKVSSpec withRedis(RedisSpec value) {
        return new ManagedKVSSpec(engine, version, replicas, resources, storage, scheduling, auth, tls, expose, backup, restore, monitoring, value, raftKv);
    }

    public ManagedKVSSpec withRaftKv(RaftKvSpec value) {
        return new ManagedKVSSpec(engine, version, replicas, resources, storage, scheduling, auth, tls, expose, backup, restore, monitoring, redis, value);
    }

    public ManagedKVSSpec withTls(TlsSpec value) {
        return new ManagedKVSSpec(engine, version, replicas, resources, storage, scheduling, auth, value, expose, backup, restore, monitoring, redis, raftKv);
    }

    public ManagedKVSSpec withBackup(BackupSpec value) {
        return new ManagedKVSSpec(engine, version, replicas, resources, storage, scheduling, auth, tls, expose, value, restore, monitoring, redis, raftKv);
    }

    public ManagedKVSSpec withRestore(RestoreSpec value) {
        return new ManagedKVSSpec(engine, version, replicas, resources, storage, scheduling, auth, tls, expose, backup, value, monitoring, redis, raftKv);
    }
}
