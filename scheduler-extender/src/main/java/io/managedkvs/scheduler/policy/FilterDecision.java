package io.managedkvs.scheduler.policy;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The outcome of filtering the candidate nodes for one pod.
 *
 * @param allowed   the nodes the pod may go to, in the order kube-scheduler sent them
 * @param rejected  the candidates a rule filtered out, each with the reason; reasons are shared strings
 *                  without node names so that kube-scheduler's "0/N nodes are available" summary groups
 *                  them. Nodes left out only because one node was picked are not listed (upstream treats
 *                  a node absent from the answer as filtered out, and the failure lists are optional).
 * @param pick      the one node chosen and to be reserved for the pod, or null when kube-scheduler chooses
 * @param decisions what was done, for metrics and logs
 * @param summary   one sentence saying why, for the response and the log
 */
public record FilterDecision(List<String> allowed, Map<String, String> rejected, String pick,
                             Set<Decision> decisions, String summary) {

    public FilterDecision {
        allowed = List.copyOf(allowed);
        // Wrapped, not copied: it can hold thousands of nodes and is built for this decision alone.
        rejected = Collections.unmodifiableMap(rejected);
        decisions = Set.copyOf(decisions);
    }
}
