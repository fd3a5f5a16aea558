package io.managedkvs.api.resource;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * One backup of one ManagedKVS instance. Created by a user for an on-demand backup, or by the
 * platform on spec.backup.schedule. Its name is the backup's name in the store; deleting it deletes
 * the stored data too (a finalizer holds it until the data is gone).
 */
@Group(ManagedKVS.GROUP)
@Version(ManagedKVS.VERSION)
@Kind(ManagedKVSBackup.KIND)
@Plural(ManagedKVSBackup.PLURAL)
@Singular("managedkvsbackup")
@ShortNames({"mkvsbackup", "kvsbackup"})
@AdditionalPrinterColumn(name = "Instance", jsonPath = ".spec.instance", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Size", jsonPath = ".status.size", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Location", jsonPath = ".status.location", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Completed", jsonPath = ".status.completionTime", type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class ManagedKVSBackup extends CustomResource<ManagedKVSBackupSpec, ManagedKVSBackupStatus> implements Namespaced {

    public static final String KIND = "ManagedKVSBackup";
    public static final String PLURAL = "managedkvsbackups";
    public static final String CRD_NAME = PLURAL + "." + ManagedKVS.GROUP;
    /** Holds a backup object until its stored data is deleted. */
    public static final String DATA_FINALIZER = "managedkvs.io/backup-data";
    /** On backups the platform created from spec.backup.schedule; retention only deletes those. */
    public static final String SCHEDULED_LABEL = "managedkvs.io/scheduled-backup";

    public ManagedKVSBackup() {
    }

    public ManagedKVSBackup(String namespace, String name, ManagedKVSBackupSpec spec) {
        getMetadata().setNamespace(namespace);
        getMetadata().setName(name);
        setSpec(spec);
    }

    @Override
    @JsonPropertyDescription("Which instance to back up, and where to.")
    public ManagedKVSBackupSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("The progress and outcome of the backup, written by the platform.")
    public ManagedKVSBackupStatus getStatus() {
        return super.getStatus();
    }
}
