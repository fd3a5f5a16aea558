package io.managedkvs.redis.actuator;

import java.util.List;
import java.util.Map;

/**
 * What one redis member reported.
 *
 * @param endpoint           the member
 * @param reachable          whether it answered
 * @param authFailed         whether it refused the password
 * @param error              why it could not be observed, or null; never contains the password
 * @param role               its replication role
 * @param masterHost         for a replica: the primary it follows
 * @param masterPort         for a replica: the primary's port
 * @param linkUp             for a replica: whether its link to the primary is up
 * @param syncing            for a replica: whether a full synchronisation is under way
 * @param linkDownSeconds    for a replica: seconds the link has been down, or -1
 * @param offset             the replication offset it has processed
 * @param replicas           for a primary: the replicas connected to it
 * @param loading            whether it is loading its data from disk
 * @param keys               keys held, over all databases
 * @param version            the redis_version it runs
 * @param runId              its run id, new on every start
 * @param config             the values of the directives asked for, as CONFIG GET reports them
 */
public record NodeState(Endpoint endpoint, boolean reachable, boolean authFailed, String error, Role role,
                        String masterHost, int masterPort, boolean linkUp, boolean syncing, long linkDownSeconds,
                        long offset, List<ReplicaLink> replicas, boolean loading, long keys, String version, String runId,
                        Map<String, String> config) {

    public NodeState {
        replicas = replicas == null ? List.of() : List.copyOf(replicas);
        config = config == null ? Map.of() : Map.copyOf(config);
    }

    static NodeState unreachable(Endpoint endpoint, boolean authFailed, String error) {
        return new NodeState(endpoint, false, authFailed, error, Role.UNKNOWN, null, 0, false, false, -1, 0,
                List.of(), false, 0, null, null, Map.of());
    }

    public String name() {
        return endpoint.name();
    }

    public boolean isPrimary() {
        return reachable && role == Role.PRIMARY;
    }

    public boolean isReplica() {
        return reachable && role == Role.REPLICA;
    }

    /** Whether this replica follows {@code primary}. */
    public boolean follows(Endpoint primary) {
        return isReplica() && primary.isAt(masterHost, masterPort);
    }

    /**
     * A replica connected to its primary with no full synchronisation under way. Whether it has
     * caught up is judged from the primary's side ({@link ReplicaLink#inSync}).
     */
    public boolean linkHealthy() {
        return isReplica() && linkUp && !syncing && !loading;
    }

    /**
     * One replica as its primary lists it in INFO replication.
     *
     * @param host   the address the replica announced
     * @param port   its port
     * @param state  online, wait_bgsave, send_bulk, ...
     * @param offset the offset it acknowledged
     * @param lag    seconds since its last acknowledgement
     */
    public record ReplicaLink(String host, int port, String state, long offset, long lag) {

        /** Online and acknowledging: a replica the primary would count for min-replicas-to-write. */
        public boolean inSync(long maxLagSeconds) {
            return "online".equals(state) && lag <= maxLagSeconds;
        }
    }
}
