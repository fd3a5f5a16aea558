package io.managedkvs.api.resource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Optional;

/** What the platform observed and did, written only by the operator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ManagedKVSStatus(
        @JsonPropertyDescription("The metadata.generation this status describes.")
        Long observedGeneration,
        @JsonPropertyDescription("Summary of the instance's state: Pending, Provisioning, Ready, Updating, Degraded or Failed.")
        Phase phase,
        @JsonPropertyDescription("Standard conditions: Ready, Progressing, Degraded and SpecValid.")
        List<Condition> conditions,
        @JsonPropertyDescription("The engine the instance was created with.")
        String engine,
        @JsonPropertyDescription("The version every data member runs, once a rollout is complete.")
        String version,
        @JsonPropertyDescription("The newest version the stored data has been written by; older versions are refused if they cannot read it.")
        String dataVersion,
        @JsonPropertyDescription("Ready data members out of those desired, for example 2/3.")
        String ready,
        @JsonPropertyDescription("Desired and ready member counts.")
        MembersStatus members,
        @JsonPropertyDescription("The pod that currently accepts writes (redis-sentinel).")
        String primary,
        @JsonPropertyDescription("Where clients connect.")
        EndpointsStatus endpoints,
        @JsonPropertyDescription("Name of the Secret with the client password (key 'password').")
        String credentialsSecret,
        @JsonPropertyDescription("Failovers the platform observed.")
        FailoverStatus failovers,
        @JsonPropertyDescription("The most recent backup.")
        BackupStatus lastBackup,
        @JsonPropertyDescription("Stores and regions as the placement driver reports them (raft-kv).")
        RaftKvStatus raftKv,
        @JsonPropertyDescription("The backup this instance was created from (spec.restore.backupName when it was created).")
        String restoredFrom,
        @JsonPropertyDescription("Whether the instance serves TLS only: spec.tls.enabled when the spec was first accepted, fixed for the instance's life.")
        Boolean tls,
        @JsonPropertyDescription("The restore of spec.restore's backup, for engines that load it into the running instance with a Job"
                + " (raft-kv): it runs once, and its outcome stays here.")
        RestoreStatus restore) {

    public ManagedKVSStatus {
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
    }

    /** A status without a restore run of its own (every engine but those that restore with a Job). */
    public ManagedKVSStatus(Long observedGeneration, Phase phase, List<Condition> conditions, String engine, String version,
                            String dataVersion, String ready, MembersStatus members, String primary, EndpointsStatus endpoints,
                            String credentialsSecret, FailoverStatus failovers, BackupStatus lastBackup, RaftKvStatus raftKv,
                            String restoredFrom, Boolean tls) {
        this(observedGeneration, phase, conditions, engine, version, dataVersion, ready, members, primary, endpoints,
                credentialsSecret, failovers, lastBackup, raftKv, restoredFrom, tls, null);
    }

    /** A status that records no TLS setting (written before the operator recorded one, or in tests that do not care). */
    public ManagedKVSStatus(Long observedGeneration, Phase phase, List<Condition> conditions, String engine, String version,
                            String dataVersion, String ready, MembersStatus members, String primary, EndpointsStatus endpoints,
                            String credentialsSecret, FailoverStatus failovers, BackupStatus lastBackup, RaftKvStatus raftKv,
                            String restoredFrom) {
        this(observedGeneration, phase, conditions, engine, version, dataVersion, ready, members, primary, endpoints,
                credentialsSecret, failovers, lastBackup, raftKv, restoredFrom, null, null);
    }

    /** A status without an engine section (for engines other than raft-kv), of an instance not restored from a backup. */
    public ManagedKVSStatus(Long observedGeneration, Phase phase, List<Condition> conditions, String engine, String version,
                            String dataVersion, String ready, MembersStatus members, String primary, EndpointsStatus endpoints,
                            String credentialsSecret, FailoverStatus failovers, BackupStatus lastBackup) {
        this(observedGeneration, phase, conditions, engine, version, dataVersion, ready, members, primary, endpoints,
                credentialsSecret, failovers, lastBackup, null, null);
    }

    /** A status of an instance not restored from a backup. */
    public ManagedKVSStatus(Long observedGeneration, Phase phase, List<Condition> conditions, String engine, String version,
                            String dataVersion, String ready, MembersStatus members, String primary, EndpointsStatus endpoints,
                            String credentialsSecret, FailoverStatus failovers, BackupStatus lastBackup, RaftKvStatus raftKv) {
        this(observedGeneration, phase, conditions, engine, version, dataVersion, ready, members, primary, endpoints,
                credentialsSecret, failovers, lastBackup, raftKv, null);
    }

    public static ManagedKVSStatus empty() {
        return new ManagedKVSStatus(null, null, List.of(), null, null, null, null, null, null, null, null, null, null, null, null, null,
                null);
    }

    /** This status with {@code backup} as the most recent backup. */
    public ManagedKVSStatus withLastBackup(BackupStatus backup) {
        return new ManagedKVSStatus(observedGeneration, phase, conditions, engine, version, dataVersion, ready, members, primary,
                endpoints, credentialsSecret, failovers, backup, raftKv, restoredFrom, tls, restore);
    }

    /** This status with {@code value} as the restore run. */
    public ManagedKVSStatus withRestore(RestoreStatus value) {
        return new ManagedKVSStatus(observedGeneration, phase, conditions, engine, version, dataVersion, ready, members, primary,
                endpoints, credentialsSecret, failovers, lastBackup, raftKv, restoredFrom, tls, value);
    }

    public Optional<Condition> condition(String type) {
        return conditions.stream().filter(c -> c.type().equals(type)).findFirst();
    }

    /** Desired and ready data members. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MembersStatus(
            @JsonPropertyDescription("Data members the spec asks for.")
            Integer desired,
            @JsonPropertyDescription("Data members that are running, ready and in sync.")
            Integer ready) {
    }

    /** Client endpoints, as host:port inside the cluster (and outside, when exposed). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EndpointsStatus(
            @JsonPropertyDescription("Always reaches the writer.")
            String readWrite,
            @JsonPropertyDescription("Reaches the read replicas.")
            String readOnly,
            @JsonPropertyDescription("Sentinel endpoint, for Sentinel-aware clients (redis-sentinel).")
            String sentinel,
            @JsonPropertyDescription("The read-write endpoint as reached from outside the cluster, when spec.expose asks for it.")
            String external,
            @JsonPropertyDescription("The gRPC key-value endpoint of the stores (raft-kv).")
            String grpc,
            @JsonPropertyDescription("The placement driver, which raft-kv clients ask where each key lives (raft-kv).")
            String placementDriver) {

        /** Endpoints without the raft-kv ones. */
        public EndpointsStatus(String readWrite, String readOnly, String sentinel, String external) {
            this(readWrite, readOnly, sentinel, external, null, null);
        }
    }

    /** Failovers observed by the platform. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FailoverStatus(
            @JsonPropertyDescription("Number of primary changes observed.")
            Long count,
            @JsonPropertyDescription("When the last primary change was observed (RFC 3339).")
            String lastTime) {
    }

    /**
     * The Job that loads spec.restore's backup into a new instance once it is Ready. Written by the
     * operator when it starts the Job and when the Job ends; a finished restore is never run again.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RestoreStatus(
            @JsonPropertyDescription("The backup restored.")
            String backup,
            @JsonPropertyDescription("Running, Succeeded or Failed.")
            RestorePhase phase,
            @JsonPropertyDescription("The Job that restores it.")
            String job,
            @JsonPropertyDescription("When the Job was started (RFC 3339).")
            String startTime,
            @JsonPropertyDescription("When it ended (RFC 3339).")
            String completionTime,
            @JsonPropertyDescription("What was restored, or why it failed.")
            String message) {

        public boolean finished() {
            return phase == RestorePhase.Succeeded || phase == RestorePhase.Failed;
        }
    }

    /** Where a restore Job is. */
    public enum RestorePhase {
        Running, Succeeded, Failed
    }

    /** The outcome of the latest backup. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BackupStatus(
            @JsonPropertyDescription("Name of the backup.")
            String name,
            @JsonPropertyDescription("When it finished (RFC 3339).")
            String time,
            @JsonPropertyDescription("Succeeded or Failed.")
            String result,
            @JsonPropertyDescription("Why it failed, when it did.")
            String message) {
    }
}
