package io.managedkvs.cli.playground;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlaygroundDirTest {

    @TempDir
    Path tmp;

    @Test
    void aNewDirectoryIsCreatedAndMarkedAsAPlayground() {
        Path dir = tmp.resolve("a/b/pg");

        try (PlaygroundDir claimed = PlaygroundDir.claim(dir, note -> { })) {
            assertThat(claimed.path()).isEqualTo(dir.toAbsolutePath());
            assertThat(dir.resolve(PlaygroundDir.MARKER)).exists();
        }
    }

    @Test
    void anEarlierRunsFilesAreClearedButTheDirectoryIsReusable() throws Exception {
        Path dir = tmp.resolve("pg");
        try (PlaygroundDir first = PlaygroundDir.claim(dir, note -> { })) {
            Files.createDirectories(dir.resolve("playground-redis-0"));
            Files.writeString(dir.resolve("playground-redis-0/dump.rdb"), "old data");
            first.recordProcesses(List.of());
        }

        try (PlaygroundDir second = PlaygroundDir.claim(dir, note -> { })) {
            try (var entries = Files.list(dir)) {
                assertThat(entries.map(p -> p.getFileName().toString())).containsExactly(PlaygroundDir.MARKER);
            }
        }
    }

    @Test
    void onlyOnePlaygroundHoldsADirectoryAtATime() {
        Path dir = tmp.resolve("pg");
        try (PlaygroundDir held = PlaygroundDir.claim(dir, note -> { })) {
            assertThatThrownBy(() -> PlaygroundDir.claim(dir, note -> { }))
                    .isInstanceOf(PlaygroundDir.DirProblem.class)
                    .hasMessageContaining("is in use by a running playground");
        }
        PlaygroundDir.claim(dir, note -> { }).close();
    }

    @Test
    void aDirectoryWithOtherFilesIsNotTouched() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("mine"));
        Files.writeString(dir.resolve("thesis.tex"), "precious");

        assertThatThrownBy(() -> PlaygroundDir.claim(dir, note -> { }))
                .isInstanceOf(PlaygroundDir.DirProblem.class)
                .hasMessageContaining("holds files that kvsctl did not create");
        assertThat(dir.resolve("thesis.tex")).hasContent("precious");
        assertThat(dir.resolve(PlaygroundDir.MARKER)).doesNotExist();
    }

    @Test
    void recordedProcessesAreReadBackAndTornLinesSkipped() throws Exception {
        Path dir = tmp.resolve("pg");
        try (PlaygroundDir claimed = PlaygroundDir.claim(dir, note -> { })) {
            claimed.recordProcesses(List.of(new PlaygroundDir.RunningProcess("pg-redis-0", 4242, 6381),
                    new PlaygroundDir.RunningProcess("pg-sentinel-0", 4343, 6384)));
            Files.writeString(dir.resolve(PlaygroundDir.PROCESSES), "4444 pg-red", StandardOpenOption.APPEND);

            assertThat(PlaygroundDir.recorded(dir)).containsExactly(new PlaygroundDir.RunningProcess("pg-redis-0", 4242, 6381),
                    new PlaygroundDir.RunningProcess("pg-sentinel-0", 4343, 6384));
        }
    }

    @Test
    void aRecordedPidThatIsNoLongerRunningIsNotReported() {
        Path dir = tmp.resolve("pg");
        try (PlaygroundDir claimed = PlaygroundDir.claim(dir, note -> { })) {
            // Far above any pid_max: no such process.
            claimed.recordProcesses(List.of(new PlaygroundDir.RunningProcess("pg-redis-0", 99_999_999L, 6381)));
        }
        List<String> notes = new ArrayList<>();

        PlaygroundDir.claim(dir, notes::add).close();

        assertThat(notes).isEmpty();
    }
}
