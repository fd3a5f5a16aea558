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

    /** Claims and clears, as a start whose checks all passed does. */
    private static PlaygroundDir fresh(Path dir) {
        PlaygroundDir claimed = PlaygroundDir.claim(dir);
        claimed.stopLeftovers(note -> { });
        claimed.clearForNewRun();
        return claimed;
    }

    /** A directory as an earlier run left it: the marker, a member's data and log, the processes file. */
    private static void earlierRun(Path dir) throws Exception {
        try (PlaygroundDir first = fresh(dir)) {
            Files.createDirectories(dir.resolve("playground-redis-0"));
            Files.writeString(dir.resolve("playground-redis-0/dump.rdb"), "old data");
            first.recordProcesses(List.of());
        }
    }

    @Test
    void aNewDirectoryIsCreatedAndMarkedAsAPlayground() {
        Path dir = tmp.resolve("a/b/pg");

        try (PlaygroundDir claimed = fresh(dir)) {
            assertThat(claimed.path()).isEqualTo(dir.toAbsolutePath());
            assertThat(dir.resolve(PlaygroundDir.MARKER)).exists();
        }
        assertThat(dir.resolve(PlaygroundDir.MARKER)).exists();
    }

    @Test
    void anEarlierRunsFilesAreClearedButTheDirectoryIsReusable() throws Exception {
        Path dir = tmp.resolve("pg");
        earlierRun(dir);

        try (PlaygroundDir second = fresh(dir)) {
            try (var entries = Files.list(dir)) {
                assertThat(entries.map(p -> p.getFileName().toString())).containsExactly(PlaygroundDir.MARKER);
            }
        }
    }

    @Test
    void claimingAloneKeepsAnEarlierRunsFilesAndReleasingLeavesThemThere() throws Exception {
        Path dir = tmp.resolve("pg");
        earlierRun(dir);
        String marker = Files.readString(dir.resolve(PlaygroundDir.MARKER));

        try (PlaygroundDir claimed = PlaygroundDir.claim(dir)) {
            assertThat(dir.resolve("playground-redis-0/dump.rdb")).hasContent("old data");
        }

        assertThat(dir.resolve("playground-redis-0/dump.rdb")).hasContent("old data");
        assertThat(dir.resolve(PlaygroundDir.PROCESSES)).exists();
        assertThat(dir.resolve(PlaygroundDir.MARKER)).hasContent(marker);
    }

    @Test
    void aClaimReleasedBeforeClearingRemovesWhatItCreatedAndNothingElse() throws Exception {
        Path fresh = tmp.resolve("new/pg");
        PlaygroundDir.claim(fresh).close();
        assertThat(tmp.resolve("new")).doesNotExist();

        Path empty = Files.createDirectories(tmp.resolve("empty"));
        PlaygroundDir.claim(empty).close();
        assertThat(empty).isEmptyDirectory();
    }

    @Test
    void onlyOnePlaygroundHoldsADirectoryAtATime() throws Exception {
        Path dir = tmp.resolve("pg");
        earlierRun(dir);
        try (PlaygroundDir held = PlaygroundDir.claim(dir)) {
            assertThatThrownBy(() -> PlaygroundDir.claim(dir))
                    .isInstanceOf(PlaygroundDir.DirProblem.class)
                    .hasMessageContaining("is in use by a running playground");
        }
        assertThat(dir.resolve("playground-redis-0/dump.rdb")).hasContent("old data");
        fresh(dir).close();
    }

    @Test
    void aDirectoryWithOtherFilesIsNotTouched() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("mine"));
        Files.writeString(dir.resolve("thesis.tex"), "precious");

        assertThatThrownBy(() -> PlaygroundDir.claim(dir))
                .isInstanceOf(PlaygroundDir.DirProblem.class)
                .hasMessageContaining("holds files that kvsctl did not create");
        assertThat(dir.resolve("thesis.tex")).hasContent("precious");
        assertThat(dir.resolve(PlaygroundDir.MARKER)).doesNotExist();
    }

    @Test
    void recordedProcessesAreReadBackAndTornLinesSkipped() throws Exception {
        Path dir = tmp.resolve("pg");
        try (PlaygroundDir claimed = fresh(dir)) {
            claimed.recordProcesses(List.of(new PlaygroundDir.RunningProcess("pg-redis-0", 4242, 6381),
                    new PlaygroundDir.RunningProcess("pg-sentinel-0", 4343, 6384)));
            Files.writeString(dir.resolve(PlaygroundDir.PROCESSES), "4444 pg-red", StandardOpenOption.APPEND);

            assertThat(PlaygroundDir.recorded(dir)).containsExactly(new PlaygroundDir.RunningProcess("pg-redis-0", 4242, 6381),
                    new PlaygroundDir.RunningProcess("pg-sentinel-0", 4343, 6384));
        }
    }

    @Test
    void aRecordedPidThatIsNoLongerRunningIsNeitherALeftoverNorReported() {
        Path dir = tmp.resolve("pg");
        try (PlaygroundDir claimed = fresh(dir)) {
            // Far above any pid_max: no such process.
            claimed.recordProcesses(List.of(new PlaygroundDir.RunningProcess("pg-redis-0", 99_999_999L, 6381)));
        }
        List<String> notes = new ArrayList<>();

        try (PlaygroundDir again = PlaygroundDir.claim(dir)) {
            assertThat(again.leftoverPorts()).isEmpty();
            again.stopLeftovers(notes::add);
        }

        assertThat(notes).isEmpty();
    }
}
