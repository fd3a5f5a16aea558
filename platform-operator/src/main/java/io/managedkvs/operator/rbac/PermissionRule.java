package io.managedkvs.operator.rbac;

import java.util.List;

/**
 * One RBAC rule the operator needs: verbs on a resource of an API group ({@code ""} for the core
 * group). {@code resource} may name a subresource, for example {@code managedkvses/status}.
 *
 * @param scope where the rule must be granted
 * @param why   what the operator does with it, for reviewers of the chart
 */
public record PermissionRule(String apiGroup, String resource, List<String> verbs, Scope scope, String why) {

    public PermissionRule {
        verbs = List.copyOf(verbs);
    }

    /** Where a rule is granted. */
    public enum Scope {
        /** In every namespace the operator watches (cluster-wide when it watches all of them). */
        WATCHED_NAMESPACES,
        /** Only in the namespace the operator runs in. */
        OPERATOR_NAMESPACE
    }
}
