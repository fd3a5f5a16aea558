package io.managedkvs.chart.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.managedkvs.chart.support.ChartPaths;
import io.managedkvs.chart.support.Yaml;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Element;

/**
 * The operator's and the extender's images, checked by reading (no image can be built here): every
 * file they copy is produced by the Maven build, they run as a numeric non-root user from a distroless
 * base, and the chart's default image is the one the module builds.
 */
class ContainerImagesTest {

    static Stream<Arguments> images() {
        return Stream.of(
                Arguments.of("platform-operator", "/operator/image/repository"),
                Arguments.of("scheduler-extender", "/scheduler/extender/image/repository"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void everyFileTheImageCopiesIsProducedByTheBuildAndPassesTheDockerignore(String module, String valuesPath) throws IOException {
        Path moduleDir = ChartPaths.ROOT.resolve(module);
        Dockerfile dockerfile = Dockerfile.read(moduleDir.resolve(Path.of("src", "main", "docker", "Dockerfile.jvm")));
        List<String> ignore = Files.readAllLines(moduleDir.resolve(".dockerignore")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();

        assertThat(dockerfile.all("COPY")).isNotEmpty();
        for (Dockerfile.Instruction copy : dockerfile.all("COPY")) {
            String[] parts = copy.arguments().split("\\s+");
            assertThat(parts).as("%s: no --from or --chmod tricks, source and destination", copy).hasSize(2);
            String source = parts[0];
            assertThat(source).as("%s copies Maven output", copy).startsWith("target/quarkus-app/");
            try (Stream<Path> produced = Files.walk(moduleDir.resolve("target"))) {
                PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + source.replaceAll("/$", ""));
                assertThat(produced.map(moduleDir::relativize).filter(matcher::matches))
                        .as("the build of %s produces %s", module, source).isNotEmpty();
            }
            assertThat(passesDockerignore(ignore, source)).as(".dockerignore of %s lets %s through", module, source).isTrue();
        }
        assertThat(dockerfile.all("COPY")).extracting(Dockerfile.Instruction::arguments)
                .as("the whole fast-jar layout").anyMatch(a -> a.startsWith("target/quarkus-app/lib/"))
                .anyMatch(a -> a.startsWith("target/quarkus-app/app/"))
                .anyMatch(a -> a.startsWith("target/quarkus-app/quarkus/"))
                .anyMatch(a -> a.startsWith("target/quarkus-app/quarkus-run.jar"));
        assertThat(dockerfile.only("ENTRYPOINT").arguments()).as("exec form: there is no shell in the image")
                .startsWith("[\"/usr/bin/java\"").contains("\"-jar\", \"/deployments/quarkus-run.jar\"");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void theImageRunsAsANumericNonRootUserFromADistrolessJava17Base(String module, String valuesPath) {
        Dockerfile dockerfile = Dockerfile.read(ChartPaths.ROOT.resolve(Path.of(module, "src", "main", "docker", "Dockerfile.jvm")));

        String base = dockerfile.only("FROM").arguments();
        assertThat(base).as("a tagged base").contains(":").doesNotEndWith(":latest");
        assertThat(base).as("a distroless Java 17 runtime (no shell, no package manager) as its nonroot user")
                .startsWith("gcr.io/distroless/java17-").contains(":nonroot");
        String user = dockerfile.only("USER").arguments();
        assertThat(user).as("the distroless nonroot user, by number").isEqualTo("65532:65532");
        assertThat(Arrays.stream(user.split(":")).mapToInt(Integer::parseInt)).allMatch(id -> id > 0);
        assertThat(dockerfile.instructions().get(dockerfile.instructions().size() - 1).keyword())
                .as("nothing runs after the entry point is set").isIn("ENTRYPOINT", "CMD");
        assertThat(dockerfile.all("RUN")).as("a minimal image: nothing installed on top of the base").isEmpty();
        assertThat(dockerfile.only("EXPOSE").arguments()).isEqualTo("8080");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void theChartsDefaultImageIsTheOneTheModuleBuilds(String module, String valuesPath) throws Exception {
        Element properties = (Element) DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(ChartPaths.ROOT.resolve(Path.of(module, "pom.xml")).toFile())
                .getDocumentElement().getElementsByTagName("properties").item(0);
        String repository = properties.getElementsByTagName("container-image.repository").item(0).getTextContent().strip();

        JsonNode values = Yaml.read(ChartPaths.CHART.resolve("values.yaml"));
        assertThat(values.at(valuesPath).asText()).isEqualTo(repository);
        String dockerfile = Files.readString(ChartPaths.ROOT.resolve(Path.of(module, "src", "main", "docker", "Dockerfile.jvm")));
        assertThat(dockerfile).as("the documented build command tags the same image").contains("-t " + repository + ":");
    }

    /** Docker's rule: the last pattern that matches a path decides; "!" re-includes. */
    private static boolean passesDockerignore(List<String> patterns, String source) {
        String path = source.replaceAll("/$", "");
        boolean included = true;
        for (String pattern : patterns) {
            boolean negate = pattern.startsWith("!");
            String glob = negate ? pattern.substring(1) : pattern;
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob.replaceAll("/$", ""));
            Path candidate = Path.of(path);
            boolean matches = false;
            for (Path p = candidate; p != null; p = p.getParent()) {
                matches |= matcher.matches(p);
            }
            if (matches) {
                included = negate;
            }
        }
        return included;
    }
}
