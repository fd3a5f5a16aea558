package io.managedkvs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code ./kvsctl} launcher at the repository root, run as a user runs it, with the packaged CLI. */
class LauncherIT {

    /** Failsafe runs in the module's directory; the launcher is one level up. */
    private static final Path LAUNCHER = Path.of("..", "kvsctl").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    private record Result(int code, String out, String err) {
    }

    private Result launch(Path launcher, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("/bin/bash", launcher.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(tmp.toFile())
                .redirectOutput(tmp.resolve("out.txt").toFile()).redirectError(tmp.resolve("err.txt").toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), Files.readString(tmp.resolve("out.txt")), Files.readString(tmp.resolve("err.txt")));
    }

    @Test
    void runsThePackagedCliFromAnotherDirectory() throws Exception {
        Result r = launch(LAUNCHER, Map.of(), "--version");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("kvsctl ");
        assertThat(r.err()).doesNotContain("building");
    }

    @Test
    void runsThroughASymbolicLink() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path link = Files.createSymbolicLink(bin.resolve("kvsctl"), LAUNCHER);

        Result r = launch(link, Map.of(), "bench", "--help");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Usage: kvsctl bench").contains("failover").contains("upgrade");
    }

    @Test
    void withoutRedisOnThePathItSaysHowToInstallItAndExitsNonZero() throws Exception {
        Path emptyBin = Files.createDirectories(tmp.resolve("empty-bin"));

        Result r = launch(LAUNCHER, Map.of("PATH", emptyBin.toString()), "playground", "--engine", "redis-sentinel",
                "--dir", tmp.resolve("pg").toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("kvsctl playground: redis-server was not found on the PATH")
                .contains("apt-get install redis-server redis-sentinel");
        assertThat(tmp.resolve("pg")).doesNotExist();
    }

    @Test
    void badArgumentsExitWithTwo() throws Exception {
        Result r = launch(LAUNCHER, Map.of(), "playground", "--engine", "redis-sentinel", "--sentinels", "2");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--sentinels must be an odd number");
    }
}
