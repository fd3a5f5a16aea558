package io.managedkvs.api.resource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** The backup whose data a new instance starts from. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RestoreSpec(
        @Required
        @JsonPropertyDescription("Name of the backup to restore: the name of its ManagedKVSBackup (kubectl get mkvsbackup), as stored in the source.")
        String backupName,
        @Required
        @JsonPropertyDescription("Where the backup is stored: the target it was written to.")
        BackupTarget source) {
}
