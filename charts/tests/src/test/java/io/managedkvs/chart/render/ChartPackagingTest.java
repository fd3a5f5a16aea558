package io.managedkvs.chart.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.LintResult;
import io.managedkvs.chart.support.ChartPaths;
import io.managedkvs.chart.support.HelmChart;
import io.managedkvs.chart.support.Yaml;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.resource.ManagedKVSBackup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import io.managedkvs.chart.support.ChartValues;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The chart as a package: it lints strictly, carries the CRD users install, and its versions are the build's. */
class ChartPackagingTest {

    private static final String CRD_FILE = ManagedKVS.CRD_NAME + "-v1.yml";
    private static final String BACKUP_CRD_FILE = ManagedKVSBackup.CRD_NAME + "-v1.yml";

    @Test
    void lintsInStrictModeWithoutWarningsOrErrors() {
        LintResult result = HelmChart.lintStrict();
        assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("switches")
    void lintsInStrictModeWithEverySwitch(String name, ChartValues values) {
        LintResult result = HelmChart.lintStrict(values);
        assertThat(result.isFailed()).as("helm lint --strict with %s: %s", values, result.getMessages()).isFalse();
        assertThat(result.getMessages()).as(name).noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
    }

    @Test
    void lintingAWrongValueFails() {
        LintResult result = HelmChart.lintStrict(ChartValues.defaults().set("operator.replicas", "two"));
        assertThat(result.isFailed()).as("the schema refuses a string for operator.replicas: %s", result.getMessages()).isTrue();
    }

    static Stream<Arguments> switches() {
        return Stream.of(
                Arguments.of("RBAC off", ChartValues.defaults().set("rbac.create", false)),
                Arguments.of("namespace-scoped", ChartValues.defaults().set("operator.watchNamespaces", List.of("apps", "cache"))),
                Arguments.of("scheduler off", ChartValues.defaults().set("scheduler.enabled", false)),
                Arguments.of("monitoring off", ChartValues.defaults().set("monitoring.enabled", false)),
                Arguments.of("ServiceMonitor on", ChartValues.defaults().set("monitoring.serviceMonitor.enabled", true)),
                Arguments.of("two operator replicas", ChartValues.defaults().set("operator.replicas", 2)));
    }

    @Test
    void theChartsCrdsAreTheTopLevelCrdsByteForByte() throws IOException {
        for (String file : List.of(CRD_FILE, BACKUP_CRD_FILE)) {
            Path inChart = ChartPaths.CHART_CRDS.resolve(file);
            assertThat(Files.readString(inChart))
                    .as("charts/managed-kvs/crds/%s differs from crds/%s; copy it: cp crds/%s charts/managed-kvs/crds/", file, file, file)
                    .isEqualTo(Files.readString(ChartPaths.TOP_LEVEL_CRDS.resolve(file)));
        }
        try (var files = Files.list(ChartPaths.CHART_CRDS)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(CRD_FILE, BACKUP_CRD_FILE);
        }
    }

    @Test
    void helmInstallsExactlyThoseCrds() throws IOException {
        // helm show crds prints the files one after the other, without a document separator between them,
        // so the text is checked file by file (Helm installs each file on its own).
        String shown = HelmChart.crds();
        for (String file : List.of(CRD_FILE, BACKUP_CRD_FILE)) {
            assertThat(shown).as("helm show crds holds %s", file).contains(Files.readString(ChartPaths.TOP_LEVEL_CRDS.resolve(file)).strip());
        }
        assertThat(shown.split("kind: \"CustomResourceDefinition\"", -1)).as("two CRDs and nothing else").hasSize(3);
        assertThat(Yaml.read(ChartPaths.TOP_LEVEL_CRDS.resolve(BACKUP_CRD_FILE)).path("metadata").path("name").asText())
                .isEqualTo(ManagedKVSBackup.CRD_NAME);
        assertThat(Yaml.read(ChartPaths.TOP_LEVEL_CRDS.resolve(CRD_FILE)).path("metadata").path("name").asText())
                .isEqualTo(ManagedKVS.CRD_NAME);
    }

    @Test
    void chartVersionAppVersionAndDefaultImageTagsAreTheMavenProjectVersion() {
        JsonNode chart = Yaml.read(ChartPaths.CHART.resolve("Chart.yaml"));
        String version = ChartPaths.projectVersion();
        assertThat(chart.path("appVersion").asText()).isEqualTo(version);
        assertThat(chart.path("version").asText()).isEqualTo(version);

        JsonNode values = Yaml.read(ChartPaths.CHART.resolve("values.yaml"));
        assertThat(values.at("/operator/image/tag").asText()).as("empty: the appVersion").isEmpty();
        assertThat(values.at("/scheduler/extender/image/tag").asText()).as("empty: the appVersion").isEmpty();
    }

    @Test
    void theChartIgnoresBuildOutputAndEditorFiles() throws IOException {
        String helmignore = Files.readString(ChartPaths.CHART.resolve(".helmignore"));
        assertThat(helmignore.lines()).contains(".git/", "*.swp", "*~");
    }
}
