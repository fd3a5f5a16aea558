package io.managedkvs.redis.model;

/** Volume names and mount paths shared by the pod templates and the scripts. */
final class ModelVolumes {

    static final String DATA = "data";
    static final String DATA_MOUNT = "/data";
    static final String CONFIG = "config";
    static final String CONFIG_MOUNT = "/etc/managedkvs";
    static final String RUN = "run";
    static final String RUN_MOUNT = "/run/redis";
    /** spec.tls's Secret, mounted at {@link PodTls#MOUNT}. */
    static final String TLS = "tls";

    private ModelVolumes() {
    }
}
