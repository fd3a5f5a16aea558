package io.managedkvs.chart.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.LintResult;
import io.managedkvs.chart.support.ChartPaths;
import io.managedkvs.chart.support.HelmChart;
import io.managedkvs.chart.support.Yaml;
import io.managedkvs.api.resource.ManagedKVS;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The chart as a package: it lints strictly, carries the CRD users install, and its versions are the build's. */
class ChartPackagingTest {

    private static final String CRD_FILE = ManagedKVS.CRD_NAME + "-v1.yml";

    @Test
    void lintsInStrictModeWithoutWarningsOrErrors() {
        LintResult result = HelmChart.lintStrict();
        assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
    }

    @Test
    void theChartsCrdIsTheTopLevelCrdByteForByte() throws IOException {
        Path inChart = ChartPaths.CHART_CRDS.resolve(CRD_FILE);
        assertThat(Files.readString(inChart))
                .as("charts/managed-kvs/crds/%s differs from crds/%s; copy it: cp crds/%s charts/managed-kvs/crds/", CRD_FILE, CRD_FILE, CRD_FILE)
                .isEqualTo(Files.readString(ChartPaths.TOP_LEVEL_CRDS.resolve(CRD_FILE)));
        try (var files = Files.list(ChartPaths.CHART_CRDS)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(CRD_FILE);
        }
    }

    @Test
    void helmInstallsExactlyThatCrd() throws IOException {
        String shown = HelmChart.crds();
        JsonNode crd = Yaml.readAll(shown).get(0);
        assertThat(Yaml.readAll(shown)).hasSize(1);
        assertThat(crd).isEqualTo(Yaml.read(ChartPaths.TOP_LEVEL_CRDS.resolve(CRD_FILE)));
        assertThat(crd.path("metadata").path("name").asText()).isEqualTo(ManagedKVS.CRD_NAME);
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
