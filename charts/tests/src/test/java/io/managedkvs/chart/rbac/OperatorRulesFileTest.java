package io.managedkvs.chart.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedkvs.chart.support.ChartPaths;
import io.managedkvs.operator.rbac.OperatorPermissions;
import io.managedkvs.operator.rbac.PermissionRule;
import io.managedkvs.operator.rbac.PermissionRule.Scope;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** files/operator-rules.yaml is exactly what OperatorPermissions.rules() says. */
class OperatorRulesFileTest {

    @Test
    void checkedInRulesFileMatchesTheOperatorsPermissionList() throws IOException {
        String expected = OperatorRulesFile.render();
        if (Boolean.getBoolean("chart.regenerate")) {
            Files.writeString(ChartPaths.OPERATOR_RULES, expected);
        }
        assertThat(ChartPaths.OPERATOR_RULES).exists();
        assertThat(Files.readString(ChartPaths.OPERATOR_RULES))
                .as("%s is out of date with io.managedkvs.operator.rbac.OperatorPermissions. Regenerate it with:%n  %s",
                        ChartPaths.CHART.relativize(ChartPaths.OPERATOR_RULES), OperatorRulesFile.REGENERATE)
                .isEqualTo(expected);
    }

    @Test
    void everyRuleOfTheCodeIsInTheFileUnderItsScope() throws IOException {
        String file = Files.readString(ChartPaths.OPERATOR_RULES);
        for (Scope scope : Scope.values()) {
            List<OperatorRulesFile.Entry> expected = OperatorPermissions.rules().stream().filter(r -> r.scope() == scope)
                    .map(r -> new OperatorRulesFile.Entry(List.of(r.apiGroup()), List.of(r.resource()), r.verbs(), r.why()))
                    .toList();
            assertThat(OperatorRulesFile.entries(file, scope)).as(scope.name()).isNotEmpty().containsExactlyElementsOf(expected);
        }
    }

    @Test
    void aChangedPermissionListRendersADifferentFile() {
        List<PermissionRule> withExtraVerb = OperatorPermissions.rules().stream()
                .map(r -> r.resource().equals("pods")
                        ? new PermissionRule(r.apiGroup(), r.resource(), List.of("get", "list", "watch", "patch", "delete", "create"), r.scope(), r.why())
                        : r)
                .toList();
        assertThat(OperatorRulesFile.render(withExtraVerb)).isNotEqualTo(OperatorRulesFile.render());
        assertThat(OperatorRulesFile.entries(OperatorRulesFile.render(withExtraVerb), Scope.WATCHED_NAMESPACES))
                .filteredOn(e -> e.resources().equals(List.of("pods"))).singleElement()
                .satisfies(e -> assertThat(e.verbs()).contains("create"));
    }
}
