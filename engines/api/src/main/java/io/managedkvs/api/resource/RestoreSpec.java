package io.managedkvs.api.resource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** The backup whose data a new instance starts from. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RestoreSpec(
        @Required
        @JsonPropertyDescription("Name of the backup to restore, as listed in the source instance's status.lastBackup or by kvsctl backup list.")
        String backupName,
        @Required
        @JsonPropertyDescription("Where the backup is stored.")
        BackupTarget source) {
}
