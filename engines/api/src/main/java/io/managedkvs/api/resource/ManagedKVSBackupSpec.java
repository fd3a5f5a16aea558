package io.managedkvs.api.resource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** What to back up and where. Immutable: a backup is taken once. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self == oldSelf", message = "spec is immutable: a backup is taken once; create a new ManagedKVSBackup")
public record ManagedKVSBackupSpec(
        @Required
        @Pattern("^[a-z]([-a-z0-9]*[a-z0-9])?$")
        @JsonPropertyDescription("Name of the ManagedKVS in the same namespace to back up.")
        String instance,
        @JsonPropertyDescription("Where to write the backup. Defaults to the instance's spec.backup.target; required when the instance has no spec.backup.")
        BackupTarget target) {
}
