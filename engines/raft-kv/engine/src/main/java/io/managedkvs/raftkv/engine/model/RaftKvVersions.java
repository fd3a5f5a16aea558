package io.managedkvs.raftkv.engine.model;

import io.managedkvs.api.resource.EngineVersion;

/**
 * The raft-kv image and what its versions promise. The store and the placement driver ship in one
 * image, tagged with the version; a store keeps its data format within a major version, so any
 * version of the same major reads what another wrote, and a downgrade to an older major is refused.
 */
public final class RaftKvVersions {

    /** The image the project builds (docs/install.md, "Images"), before any registry override. */
    public static final String IMAGE_REPOSITORY = "ghcr.io/managed-kvs/raft-kv";
    public static final String STORE_MAIN = "io.managedkvs.raftkv.store.StoreMain";
    public static final String PD_MAIN = "io.managedkvs.raftkv.pd.PdMain";

    private RaftKvVersions() {
    }

    public static String image(String specVersion) {
        return IMAGE_REPOSITORY + ":" + specVersion.trim();
    }

    /** Whether data written by {@code written} can be read by {@code running}. */
    public static boolean canRead(EngineVersion running, EngineVersion written) {
        return running.major() >= written.major();
    }
}
