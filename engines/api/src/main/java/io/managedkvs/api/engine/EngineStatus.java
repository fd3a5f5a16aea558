package io.managedkvs.api.engine;

import io.managedkvs.api.resource.ManagedKVSStatus.EndpointsStatus;
import io.managedkvs.api.resource.RaftKvStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine's contribution to the status. The operator's status aggregator combines it with its
 * own findings (spec validity, apply progress) into conditions and a phase.
 *
 * @param membersDesired data members wanted
 * @param membersReady   data members serving and in sync
 * @param primary        the member that accepts writes, where the engine has one
 * @param endpoints      where clients connect
 * @param version        the version every member runs, when they all run the same
 * @param newestVersionRun the newest version any member runs or has started with, or null if unknown;
 *                       data may have been written by it, so downgrades below it are refused even
 *                       while a rollout is under way
 * @param rolloutDone    whether every member runs the current spec
 * @param failovers      primary changes observed so far (cumulative), or null if unknown
 * @param lastFailoverTime when the last one was observed (RFC 3339), or null
 * @param problems       what is wrong, each with a CamelCase reason, for Degraded and Ready
 * @param progress       what is under way, for Progressing
 * @param raftKv         the placement driver's view (raft-kv), or null
 */
public record EngineStatus(int membersDesired, int membersReady, String primary, EndpointsStatus endpoints,
                           String version, String newestVersionRun, boolean rolloutDone, Long failovers, String lastFailoverTime,
                           List<Finding> problems, List<Finding> progress, RaftKvStatus raftKv) {

    public EngineStatus {
        problems = List.copyOf(problems);
        progress = List.copyOf(progress);
    }

    /** A status without an engine section. */
    public EngineStatus(int membersDesired, int membersReady, String primary, EndpointsStatus endpoints,
                        String version, String newestVersionRun, boolean rolloutDone, Long failovers, String lastFailoverTime,
                        List<Finding> problems, List<Finding> progress) {
        this(membersDesired, membersReady, primary, endpoints, version, newestVersionRun, rolloutDone, failovers,
                lastFailoverTime, problems, progress, null);
    }

    /** This status with {@code first} ahead of its own problems; every other field is kept. */
    public EngineStatus withProblemsFirst(List<Finding> first) {
        List<Finding> all = new ArrayList<>(first);
        all.addAll(problems);
        return new EngineStatus(membersDesired, membersReady, primary, endpoints, version, newestVersionRun, rolloutDone, failovers,
                lastFailoverTime, all, progress, raftKv);
    }

    /** This status with {@code last} after its own progress; every other field is kept. */
    public EngineStatus withProgressLast(List<Finding> last) {
        List<Finding> all = new ArrayList<>(progress);
        all.addAll(last);
        return new EngineStatus(membersDesired, membersReady, primary, endpoints, version, newestVersionRun, rolloutDone, failovers,
                lastFailoverTime, problems, all, raftKv);
    }

    /**
     * One finding with a CamelCase reason. {@code serving} says whether the instance still serves
     * reads and writes despite it: a problem that stops serving makes the instance Failed rather
     * than Degraded.
     */
    public record Finding(String reason, String message, boolean serving) {

        public static Finding degraded(String reason, String message) {
            return new Finding(reason, message, true);
        }

        public static Finding down(String reason, String message) {
            return new Finding(reason, message, false);
        }
    }
}
