package io.managedkvs.api.resource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Scheduled backups of the whole instance. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BackupSpec(
        @Required
        @Pattern("^(@(yearly|annually|monthly|weekly|daily|midnight|hourly)|(\\S+\\s+){4}\\S+)$")
        @JsonPropertyDescription("When to take a backup, in five-field cron syntax evaluated in UTC (for example \"0 3 * * *\": every day at 03:00) or a macro: @hourly, @daily, @weekly, @monthly, @yearly. Each run creates a ManagedKVSBackup named <instance>-<yyyyMMdd-HHmm>.")
        String schedule,
        @Min(1)
        @Max(1000)
        @JsonPropertyDescription("How many scheduled backups to keep; the oldest beyond this count are deleted, with their stored data. On-demand backups are never deleted by retention. Defaults to 7.")
        Integer retain,
        @Required
        @JsonPropertyDescription("Where backups are written.")
        BackupTarget target) {

    public static final int DEFAULT_RETAIN = 7;

    public int effectiveRetain() {
        return retain == null ? DEFAULT_RETAIN : retain;
    }
}
