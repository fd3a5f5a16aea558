package io.managedkvs.raft.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every script under {@code src/test/resources/scenarios} and compares each command's output
 * with the expected output checked in below it. With {@code -Draft.rewrite=true} the scripts are
 * rewritten with the actual output instead; review every rewritten file before committing it.
 */
class ScenarioTest {

    @TestFactory
    Stream<DynamicTest> scenarios() throws IOException {
        Path dir = scenarioDir();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
        }
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> runScript(f)));
    }

    @Test
    void coversAtLeastTwentyFiveScenarios() throws IOException {
        try (Stream<Path> s = Files.list(scenarioDir())) {
            assertThat(s.filter(p -> p.toString().endsWith(".txt")).count()).isGreaterThanOrEqualTo(25);
        }
    }

    private static void runScript(Path file) throws IOException {
        Script script = Script.parse(Files.readString(file, StandardCharsets.UTF_8));
        ScenarioInterpreter interpreter = new ScenarioInterpreter();
        List<List<String>> actual = new ArrayList<>();
        for (Script.Step step : script.steps()) {
            actual.add(interpreter.run(step.command()));
        }
        if (Boolean.getBoolean("raft.rewrite")) {
            Files.writeString(file, Script.render(script, actual), StandardCharsets.UTF_8);
            return;
        }
        for (int i = 0; i < script.steps().size(); i++) {
            Script.Step step = script.steps().get(i);
            assertThat(String.join("\n", actual.get(i)))
                    .as("%s:%d: %s", file.getFileName(), step.line(), step.command())
                    .isEqualTo(String.join("\n", step.expected()));
        }
    }

    private static Path scenarioDir() {
        String configured = System.getProperty("raft.scenarios.dir");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of("src/test/resources/scenarios");
    }
}
