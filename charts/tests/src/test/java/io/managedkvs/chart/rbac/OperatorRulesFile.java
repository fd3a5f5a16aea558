package io.managedkvs.chart.rbac;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import io.managedkvs.chart.support.Yaml;
import io.managedkvs.operator.rbac.OperatorPermissions;
import io.managedkvs.operator.rbac.PermissionRule;
import io.managedkvs.operator.rbac.PermissionRule.Scope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chart's copy of {@link OperatorPermissions#rules()}: {@code files/operator-rules.yaml}, which the
 * chart's RBAC templates range over. This class renders the file from the code; a test fails when the
 * checked-in file differs and prints {@link #REGENERATE}.
 */
public final class OperatorRulesFile {

    /** The command that rewrites the file from the code. */
    public static final String REGENERATE = "./mvnw -q -pl charts/tests -am verify -Dtest=OperatorRulesFileTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -Dchart.regenerate=true";

    /** Top-level keys of the file, one per {@link Scope}. */
    public static final Map<Scope, String> SCOPE_KEYS = Map.of(
            Scope.WATCHED_NAMESPACES, "watchedNamespaces",
            Scope.OPERATOR_NAMESPACE, "operatorNamespace");

    private static final String HEADER = """
            # The operator's Kubernetes permissions, generated from
            # io.managedkvs.operator.rbac.OperatorPermissions.rules(). Do not edit: the chart's RBAC templates
            # range over this file, and charts/tests fails when it differs from the code. Regenerate with
            #   %s
            # watchedNamespaces: granted by a ClusterRole (all namespaces) or a Role in each watched namespace.
            # operatorNamespace: granted by a Role in the release namespace only.
            """.formatted(REGENERATE);

    private OperatorRulesFile() {
    }

    /** One RBAC rule as the file holds it; {@code why} is for reviewers and is not rendered. */
    @JsonPropertyOrder({"apiGroups", "resources", "verbs", "why"})
    public record Entry(List<String> apiGroups, List<String> resources, List<String> verbs, String why) {
    }

    /** The file's text for the operator's current rules. */
    public static String render(List<PermissionRule> rules) {
        Map<String, List<Entry>> byScope = new LinkedHashMap<>();
        for (Scope scope : Scope.values()) {
            byScope.put(SCOPE_KEYS.get(scope), new ArrayList<>());
        }
        for (PermissionRule rule : rules) {
            byScope.get(SCOPE_KEYS.get(rule.scope()))
                    .add(new Entry(List.of(rule.apiGroup()), List.of(rule.resource()), rule.verbs(), rule.why()));
        }
        return HEADER + Yaml.write(byScope);
    }

    public static String render() {
        return render(OperatorPermissions.rules());
    }

    /** The entries of one scope in a file's text. */
    public static List<Entry> entries(String fileText, Scope scope) {
        JsonNode node = Yaml.read(fileText).path(SCOPE_KEYS.get(scope));
        List<Entry> entries = new ArrayList<>();
        node.forEach(e -> entries.add(Yaml.MAPPER.convertValue(e, Entry.class)));
        return entries;
    }
}
