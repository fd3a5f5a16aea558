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
 * A managed, highly available key-value store. The spec says what the user wants (engine, version,
 * size, placement, security, backups); the platform provisions it and reports in the status.
 */
@Group(ManagedKVS.GROUP)
@Version(ManagedKVS.VERSION)
@Kind(ManagedKVS.KIND)
@Plural(ManagedKVS.PLURAL)
@Singular("managedkvs")
@ShortNames({"mkvs", "kvs"})
@AdditionalPrinterColumn(name = "Engine", jsonPath = ".spec.engine", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Version", jsonPath = ".spec.version", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.ready", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Endpoint", jsonPath = ".status.endpoints.readWrite", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class ManagedKVS extends CustomResource<ManagedKVSSpec, ManagedKVSStatus> implements Namespaced {

    public static final String GROUP = "managedkvs.io";
    public static final String VERSION = "v1alpha1";
    public static final String KIND = "ManagedKVS";
    public static final String PLURAL = "managedkvses";
    public static final String API_VERSION = GROUP + "/" + VERSION;
    public static final String CRD_NAME = PLURAL + "." + GROUP;

    public ManagedKVS() {
    }

    public ManagedKVS(String namespace, String name, ManagedKVSSpec spec) {
        getMetadata().setNamespace(namespace);
        getMetadata().setName(name);
        setSpec(spec);
    }

    @Override
    @JsonPropertyDescription("The desired instance: engine, version, size, placement, security, backups and engine settings.")
    public ManagedKVSSpec getSpec() {
        return super.getSpec();
    }

    @Override
    @JsonPropertyDescription("The observed state, written by the platform: phase, conditions, members, endpoints.")
    public ManagedKVSStatus getStatus() {
        return super.getStatus();
    }
}
