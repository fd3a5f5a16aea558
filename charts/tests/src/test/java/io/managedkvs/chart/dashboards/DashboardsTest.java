package io.managedkvs.chart.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.managedkvs.chart.support.ChartPaths;
import io.managedkvs.chart.support.ChartValues;
import io.managedkvs.chart.support.HelmChart;
import io.managedkvs.chart.support.Manifests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The Grafana dashboards: well-formed, documented panels, and only metrics that exist. */
class DashboardsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LABEL_VALUES = Pattern.compile("^label_values\\((.*),\\s*[A-Za-z_][A-Za-z0-9_]*\\)$");

    static Stream<Path> dashboards() throws IOException {
        try (Stream<Path> files = Files.list(ChartPaths.DASHBOARDS)) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    @Test
    void theFourDashboardsExist() throws IOException {
        assertThat(dashboards().map(p -> p.getFileName().toString()))
                .containsExactly("overview.json", "raft-kv.json", "redis.json", "scheduler.json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dashboards")
    void everyPanelHasATitleADescriptionAUnitAndAQuery(Path file) throws IOException {
        JsonNode dashboard = JSON.readTree(file.toFile());
        assertThat(dashboard.path("uid").asText()).startsWith("managed-kvs-");
        assertThat(dashboard.path("title").asText()).startsWith("Managed KVS / ");
        assertThat(dashboard.path("description").asText()).isNotBlank();
        assertThat(dashboard.at("/templating/list/0/type").asText()).as("a data source variable").isEqualTo("datasource");
        List<JsonNode> panels = panels(dashboard);
        assertThat(panels).isNotEmpty();
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : panels) {
            String title = panel.path("title").asText();
            assertThat(title).as("panel title in %s", file.getFileName()).isNotBlank();
            assertThat(ids.add(panel.path("id").asInt())).as("unique id of %s", title).isTrue();
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertThat(panel.path("description").asText()).as("description of %s", title).isNotBlank();
            assertThat(panel.at("/fieldConfig/defaults/unit").asText()).as("unit of %s", title).isNotBlank();
            assertThat(panel.at("/datasource/uid").asText()).as("data source of %s", title).isEqualTo("${datasource}");
            assertThat(panel.path("targets")).as("queries of %s", title).isNotEmpty();
            panel.path("targets").forEach(t -> assertThat(t.path("expr").asText()).as("query of %s", title).isNotBlank());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dashboards")
    void everyMetricAPanelQueriesIsExportedByOurCodeOrByRedisExporter(Path file) throws IOException {
        Set<String> known = new TreeSet<>();
        known.addAll(ExportedMetrics.operator());
        known.addAll(ExportedMetrics.extender());
        known.addAll(ExportedMetrics.redisExporter());
        known.addAll(ExportedMetrics.raftKvStore());
        known.addAll(ExportedMetrics.placementDriver());
        Set<String> queried = queriedMetrics(JSON.readTree(file.toFile()));
        assertThat(queried).as("metrics queried by %s", file.getFileName()).isNotEmpty();
        assertThat(known).as("metrics queried by %s that nothing exports", file.getFileName()).containsAll(queried);
    }

    @Test
    void theDashboardsCoverWhatOperatorsWatch() throws IOException {
        assertThat(queriedMetrics(read("overview.json"))).contains(
                "managedkvs_reconciliations_total", "managedkvs_reconciliation_errors_total",
                "managedkvs_reconciliation_duration_seconds_bucket", "managedkvs_instances", "managedkvs_failovers_total",
                "managedkvs_members_ready", "managedkvs_members_desired");
        assertThat(queriedMetrics(read("redis.json"))).contains(
                "redis_commands_processed_total", "redis_commands_duration_seconds_total", "redis_memory_used_bytes",
                "redis_connected_clients", "redis_master_repl_offset", "redis_slave_repl_offset", "redis_instance_info");
        assertThat(queriedMetrics(read("raft-kv.json"))).contains(
                "pd_stores", "pd_regions", "pd_regions_under_replicated", "pd_regions_leaderless", "raftkv_store_regions",
                "raftkv_store_leaders", "raftkv_store_append_seconds_bucket", "raftkv_store_apply_seconds_bucket",
                "raftkv_store_fsyncs_total", "raftkv_store_snapshots_sent_total", "raftkv_store_expired_keys_purged_total");
        assertThat(queriedMetrics(read("scheduler.json"))).contains(
                "managedkvs_scheduler_request_seconds_count", "managedkvs_scheduler_request_seconds_bucket",
                "managedkvs_scheduler_decisions_total");
    }

    @Test
    void theMetricCheckSeesAMetricNobodyExports() {
        assertThat(PromQlMetricNames.of("sum by (engine, le) (rate(managedkvs_reconcile_seconds_bucket{engine=~\"$engine\"}[$__rate_interval]))"))
                .containsExactly("managedkvs_reconcile_seconds_bucket");
        assertThat(PromQlMetricNames.of("scalar(max(a_total{x=\"1\"})) - max by (pod) (b) or c * on (pod) group_left max by (pod) (d) > 0"))
                .containsExactly("a_total", "b", "c", "d");
        assertThat(ExportedMetrics.operator()).doesNotContain("managedkvs_reconcile_seconds_bucket")
                .contains("managedkvs_reconciliations_total", "managedkvs_reconciliation_duration_seconds_bucket");
    }

    @Test
    void eachDashboardIsAConfigMapLabelledForGrafanasSidecar() throws IOException {
        Manifests manifests = HelmChart.render(ChartValues.defaults());
        for (Path file : dashboards().toList()) {
            String name = file.getFileName().toString();
            ConfigMap configMap = manifests.get(ConfigMap.class, "managed-kvs-dashboard-" + name.replace(".json", ""));
            assertThat(configMap.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
            assertThat(configMap.getMetadata().getNamespace()).isEqualTo(HelmChart.NAMESPACE);
            assertThat(configMap.getData()).containsOnlyKeys(name);
            assertThat(JSON.readTree(configMap.getData().get(name))).isEqualTo(JSON.readTree(file.toFile()));
        }

        Manifests custom = HelmChart.render(ChartValues.defaults().set("monitoring.dashboards.label", "dashboards")
                .set("monitoring.dashboards.labelValue", "managed-kvs").set("monitoring.dashboards.namespace", "grafana")
                .set("monitoring.dashboards.annotations", Map.of("grafana_folder", "Managed KVS")));
        assertThat(custom.all(ConfigMap.class)).filteredOn(c -> c.getMetadata().getName().contains("-dashboard-")).hasSize(4)
                .allSatisfy(c -> {
                    assertThat(c.getMetadata().getLabels()).containsEntry("dashboards", "managed-kvs").doesNotContainKey("grafana_dashboard");
                    assertThat(c.getMetadata().getNamespace()).isEqualTo("grafana");
                    assertThat(c.getMetadata().getAnnotations()).containsEntry("grafana_folder", "Managed KVS");
                });
        assertThat(HelmChart.render(ChartValues.defaults().set("scheduler.enabled", false)).all(ConfigMap.class))
                .extracting(c -> c.getMetadata().getName()).filteredOn(n -> n.contains("-dashboard-"))
                .as("no scheduler dashboard without the scheduler")
                .containsExactlyInAnyOrder("managed-kvs-dashboard-overview", "managed-kvs-dashboard-raft-kv", "managed-kvs-dashboard-redis");
        assertThat(HelmChart.render(ChartValues.defaults().set("monitoring.dashboards.enabled", false)).all(ConfigMap.class))
                .noneMatch(c -> c.getMetadata().getName().contains("-dashboard-"));
    }

    private static JsonNode read(String name) throws IOException {
        return JSON.readTree(ChartPaths.DASHBOARDS.resolve(name).toFile());
    }

    private static Set<String> queriedMetrics(JsonNode dashboard) {
        Set<String> names = new TreeSet<>();
        for (JsonNode panel : panels(dashboard)) {
            panel.path("targets").forEach(t -> names.addAll(PromQlMetricNames.of(t.path("expr").asText())));
        }
        for (JsonNode variable : dashboard.at("/templating/list")) {
            if (variable.path("type").asText().equals("query")) {
                String query = variable.at("/query/query").asText(variable.path("query").asText());
                Matcher matcher = LABEL_VALUES.matcher(query.strip());
                assertThat(matcher.matches()).as("variable %s: label_values(<selector>, <label>)", variable.path("name").asText()).isTrue();
                names.addAll(PromQlMetricNames.of(matcher.group(1)));
            }
        }
        return names;
    }

    private static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            all.add(panel);
            panel.path("panels").forEach(all::add);
        }
        return all;
    }
}
