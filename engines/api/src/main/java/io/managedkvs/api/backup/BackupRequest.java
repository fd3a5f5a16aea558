package io.managedkvs.api.backup;

import io.managedkvs.api.resource.BackupTarget;

/**
 * One backup to take.
 *
 * @param backupName the backup's name: the ManagedKVSBackup's name, and the name in the store
 * @param target     where to write it (resolved: the backup's own target, or the instance's)
 */
public record BackupRequest(String backupName, BackupTarget target) {
}
