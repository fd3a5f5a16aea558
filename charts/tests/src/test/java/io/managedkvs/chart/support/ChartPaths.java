package io.managedkvs.chart.support;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the chart and the files it is checked against live, seen from this module (charts/tests). */
public final class ChartPaths {

    /** The repository root. */
    public static final Path ROOT = Path.of("..", "..").toAbsolutePath().normalize();
    public static final Path CHART = ROOT.resolve(Path.of("charts", "managed-kvs"));
    public static final Path CHART_CRDS = CHART.resolve("crds");
    public static final Path TOP_LEVEL_CRDS = ROOT.resolve("crds");
    public static final Path OPERATOR_RULES = CHART.resolve(Path.of("files", "operator-rules.yaml"));
    public static final Path DASHBOARDS = CHART.resolve(Path.of("files", "grafana-dashboards"));
    public static final Path EXAMPLES = ROOT.resolve("examples");
    public static final Path INSTALL_DOC = ROOT.resolve(Path.of("docs", "install.md"));

    private ChartPaths() {
    }

    /** The Maven project version, handed to the tests by surefire. */
    public static String projectVersion() {
        String version = System.getProperty("project.version");
        if (version == null || version.isBlank()) {
            throw new IllegalStateException("the system property project.version is not set; run the tests through Maven");
        }
        return version;
    }

    static {
        if (!Files.isDirectory(CHART)) {
            throw new IllegalStateException("the chart is not at " + CHART);
        }
    }
}
