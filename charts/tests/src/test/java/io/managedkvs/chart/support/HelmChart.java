package io.managedkvs.chart.support;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The chart, driven by the real Helm (v3, embedded through helm-java): lint, template, show crds.
 * Renderings are cached by values, since many tests look at the same rendering.
 */
public final class HelmChart {

    public static final String RELEASE = "managed-kvs";
    public static final String NAMESPACE = "managed-kvs";
    /** The Kubernetes version templates are rendered for (Helm's own default is far older than the chart supports). */
    public static final String KUBE_VERSION = "1.35.0";

    private static final Map<String, Manifests> RENDERED = new ConcurrentHashMap<>();

    private HelmChart() {
    }

    public static LintResult lintStrict() {
        return new Helm(ChartPaths.CHART).lint().strict().call();
    }

    /**
     * Lints a copy of the chart whose values.yaml is the chart's own with {@code values} merged in,
     * since Helm's lint, as embedded here, takes no values file of its own.
     */
    public static LintResult lintStrict(ChartValues values) {
        Path copy = null;
        try {
            copy = Files.createTempDirectory("managed-kvs-lint").resolve(ChartPaths.CHART.getFileName());
            copyTree(ChartPaths.CHART, copy);
            ObjectNode merged = (ObjectNode) Yaml.read(ChartPaths.CHART.resolve("values.yaml"));
            Yaml.MAPPER.readerForUpdating(merged).readValue(values.toYaml());
            Files.writeString(copy.resolve("values.yaml"), Yaml.write(merged));
            return new Helm(copy).lint().strict().call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteTree(copy == null ? null : copy.getParent());
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : paths.toList()) {
                Files.copy(source, to.resolve(from.relativize(source).toString()));
            }
        }
    }

    private static void deleteTree(Path root) {
        if (root == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rendered templates (without crds/, which Helm installs on its own). */
    public static Manifests render(ChartValues values) {
        return RENDERED.computeIfAbsent(values.toYaml(), yaml -> Manifests.parse(template(yaml)));
    }

    /** What Helm renders for these values, or the exception Helm throws for them. */
    public static String template(ChartValues values) {
        return template(values.toYaml());
    }

    public static String crds() {
        return new Helm(ChartPaths.CHART).show().crds().call();
    }

    private static String template(String valuesYaml) {
        Path file = null;
        try {
            file = Files.createTempFile("managed-kvs-values", ".yaml");
            Files.writeString(file, valuesYaml);
            return new Helm(ChartPaths.CHART).template()
                    .withName(RELEASE)
                    .withNamespace(NAMESPACE)
                    .withKubeVersion(KUBE_VERSION)
                    .withValuesFile(file)
                    .call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            }
        }
    }
}
