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
        @JsonPropertyDescription("When to take a backup, in cron syntax (for example \"0 3 * * *\") or a macro such as @daily.")
        String schedule,
        @Min(1)
        @Max(1000)
        @JsonPropertyDescription("How many backups to keep; older ones are deleted. Defaults to 7.")
        Integer retain,
        @Required
        @JsonPropertyDescription("Where backups are written.")
        BackupTarget target) {

    public static final int DEFAULT_RETAIN = 7;

    public int effectiveRetain() {
        return retain == null ? DEFAULT_RETAIN : retain;
    }
}
