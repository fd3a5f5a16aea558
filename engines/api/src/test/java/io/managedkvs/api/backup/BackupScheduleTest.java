package io.managedkvs.api.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class BackupScheduleTest {

    private static ZonedDateTime at(String iso) {
        return ZonedDateTime.parse(iso).withZoneSameInstant(ZoneOffset.UTC);
    }

    @Test
    void theLastFiringAtOrBeforeNowIsTheOneToRun() {
        BackupSchedule daily = BackupSchedule.parse("0 3 * * *");
        assertThat(daily.lastAtOrBefore(at("2026-12-05T12:10:00Z"))).contains(at("2026-12-05T03:00:00Z"));
        assertThat(daily.lastAtOrBefore(at("2026-12-05T03:00:30Z"))).as("the firing minute itself counts").contains(at("2026-12-05T03:00:00Z"));
        assertThat(daily.lastAtOrBefore(at("2026-12-05T02:59:59Z"))).contains(at("2026-12-04T03:00:00Z"));
        assertThat(daily.nextAfter(at("2026-12-05T03:00:00Z"))).contains(at("2026-12-06T03:00:00Z"));
    }

    @Test
    void macrosAreTheirCronEquivalents() {
        assertThat(BackupSchedule.parse("@hourly").lastAtOrBefore(at("2026-12-05T12:10:00Z"))).contains(at("2026-12-05T12:00:00Z"));
        assertThat(BackupSchedule.parse("@weekly").lastAtOrBefore(at("2026-12-05T12:10:00Z"))).contains(at("2026-11-29T00:00:00Z"));
    }

    @Test
    void badExpressionsSayWhatIsWrong() {
        assertThatThrownBy(() -> BackupSchedule.parse("61 * * * *")).hasMessageContaining("not a valid cron expression");
        assertThatThrownBy(() -> BackupSchedule.parse("* * * * * *")).hasMessageContaining("five fields");
        assertThatThrownBy(() -> BackupSchedule.parse(" ")).hasMessageContaining("is required");
        assertThat(BackupSchedule.problem("0 3 * * *")).isEmpty();
    }
}
