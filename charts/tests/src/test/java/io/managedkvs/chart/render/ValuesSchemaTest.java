package io.managedkvs.chart.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.managedkvs.chart.support.ChartValues;
import io.managedkvs.chart.support.HelmChart;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** values.schema.json refuses wrong values before anything renders, naming the value. */
class ValuesSchemaTest {

    static Stream<Arguments> wrongValues() {
        return Stream.of(
                Arguments.of("operator.replicas", "two", "/operator/replicas"),
                Arguments.of("operator.replicas", 0, "/operator/replicas"),
                Arguments.of("scheduler.enabled", "yes", "/scheduler/enabled"),
                Arguments.of("rbac.create", 1, "/rbac/create"),
                Arguments.of("operator.watchNamespaces", "team-a", "/operator/watchNamespaces"),
                Arguments.of("operator.watchNamespaces", List.of("Team_A"), "/operator/watchNamespaces/0"),
                Arguments.of("operator.resources", "100m", "/operator/resources"),
                Arguments.of("operator.reconcile.resyncInterval", "soon", "/operator/reconcile/resyncInterval"),
                Arguments.of("scheduler.extender.httpTimeout", 2, "/scheduler/extender/httpTimeout"),
                Arguments.of("scheduler.extender.httpTimeout", "2 seconds", "/scheduler/extender/httpTimeout"),
                Arguments.of("scheduler.extender.port", 70000, "/scheduler/extender/port"),
                Arguments.of("scheduler.extender.zoneMajority", "sometimes", "/scheduler/extender/zoneMajority"),
                Arguments.of("operator.image.pullPolicy", "Sometimes", "/operator/image/pullPolicy"),
                Arguments.of("operator.image.digest", "latest", "/operator/image/digest"),
                Arguments.of("monitoring.dashboards.labelValue", 1, "/monitoring/dashboards/labelValue"),
                Arguments.of("operator.replica", 2, "replica"),
                Arguments.of("monitoring.serviceMonitors", Map.of("enabled", true), "serviceMonitors"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("wrongValues")
    void aWrongValueIsRefusedByTheSchemaNamingIt(String path, Object value, String named) {
        assertThatThrownBy(() -> HelmChart.template(ChartValues.defaults().set(path, value)))
                .hasMessageContaining("schema")
                .hasMessageContaining(named);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("rightValues")
    void theSameValuesWithTheRightTypeRender(String path, Object value) {
        assertThat(HelmChart.render(ChartValues.defaults().set(path, value)).objects()).isNotEmpty();
    }

    static Stream<Arguments> rightValues() {
        return Stream.of(
                Arguments.of("operator.replicas", 2),
                Arguments.of("operator.watchNamespaces", List.of("team-a")),
                Arguments.of("operator.reconcile.resyncInterval", "PT2M"),
                Arguments.of("scheduler.extender.httpTimeout", "1m30s"),
                Arguments.of("scheduler.extender.zoneMajority", "preferred"),
                Arguments.of("operator.image.digest", "sha256:" + "0".repeat(64)));
    }
}
