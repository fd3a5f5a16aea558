package io.managedkvs.api.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a backup tool ends: the report printed, written as the termination message, and the exit code. */
class BackupReportTest {

    @TempDir
    Path tmp;

    @Test
    void aSuccessIsPrintedWrittenAndExitsZero() throws Exception {
        StringWriter printed = new StringWriter();
        Path file = tmp.resolve("termination-log");
        BackupReport report = BackupReport.success(12, "ab".repeat(32), "/backups/b", "3 regions");

        assertThat(report.emit(file, new PrintWriter(printed))).isZero();
        assertThat(printed.toString().strip()).isEqualTo(report.toJson());
        assertThat(BackupReport.fromJson(Files.readString(file))).contains(report);
    }

    @Test
    void aFailureExitsOneAndAnUnwritableFileIsSaidNotThrown() {
        StringWriter printed = new StringWriter();
        BackupReport report = BackupReport.failure("checksum mismatch");

        assertThat(report.emit(tmp.resolve("missing/dir/log"), new PrintWriter(printed))).isEqualTo(1);
        assertThat(printed.toString()).contains("checksum mismatch").contains("cannot write the report to");
    }
}
