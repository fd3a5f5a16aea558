package io.managedkvs.raftkv.engine.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The names of everything one raft-kv instance consists of. Stores and placement driver members are
 * reached and announced by stable DNS names through the headless Services: a store registers its
 * advertised address with the placement driver, and pod IPs change when a pod is recreated.
 */
public record RaftKvNames(String namespace, String instance) {

    public static final String ENGINE = "raft-kv";
    public static final String COMPONENT_STORE = "store";
    public static final String COMPONENT_PD = "pd";
    public static final int STORE_GRPC_PORT = 20160;
    public static final int STORE_STATUS_PORT = 20180;
    public static final int RESP_PORT = 6379;
    public static final int PD_PORT = 2379;
    public static final int PD_STATUS_PORT = 2380;
    /** The claim template of both StatefulSets: a pod's claim is {@code data-<pod>}. */
    public static final String DATA_VOLUME = "data";
    /**
     * Placement driver members are numbered from 1 (the process's {@code --id} is 1-based), so their
     * StatefulSet starts its ordinals at 1 and a member takes its id from its pod-index label.
     */
    public static final int PD_FIRST_ORDINAL = 1;

    public String storeStatefulSet() {
        return instance + "-store";
    }

    public String pdStatefulSet() {
        return instance + "-pd";
    }

    public String storeHeadlessService() {
        return instance + "-store-headless";
    }

    public String pdHeadlessService() {
        return instance + "-pd-headless";
    }

    /** Any store: each serves every key, forwarding to the region's leader. */
    public String clientService() {
        return instance + "-rw";
    }

    public String pdService() {
        return instance + "-pd";
    }

    public String externalService() {
        return instance + "-external";
    }

    public String storeDisruptionBudget() {
        return instance + "-store";
    }

    public String pdDisruptionBudget() {
        return instance + "-pd";
    }

    public String storePod(int ordinal) {
        return storeStatefulSet() + "-" + ordinal;
    }

    public String pdPod(int ordinal) {
        return pdStatefulSet() + "-" + ordinal;
    }

    /** The claim of a pod's data volume, as the StatefulSet controller names it. */
    public static String dataClaim(String pod) {
        return DATA_VOLUME + "-" + pod;
    }

    /** The stable DNS name a store pod announces itself under. */
    public String storeHost(String pod) {
        return pod + "." + storeHeadlessService() + "." + namespace + ".svc";
    }

    public String pdHost(String pod) {
        return pod + "." + pdHeadlessService() + "." + namespace + ".svc";
    }

    public String serviceHost(String service) {
        return service + "." + namespace + ".svc";
    }

    /** {@code 1=host:2379,2=host:2379,...}: every member of a placement driver of {@code members}. */
    public String initialCluster(int members) {
        List<String> entries = new ArrayList<>();
        for (int id = PD_FIRST_ORDINAL; id < PD_FIRST_ORDINAL + members; id++) {
            entries.add(id + "=" + pdHost(pdPod(id)) + ":" + PD_PORT);
        }
        return String.join(",", entries);
    }

    /** {@code host:2379,host:2379,...}: what a store dials to find the placement driver. */
    public String pdEndpoints(int members) {
        List<String> entries = new ArrayList<>();
        for (int id = PD_FIRST_ORDINAL; id < PD_FIRST_ORDINAL + members; id++) {
            entries.add(pdHost(pdPod(id)) + ":" + PD_PORT);
        }
        return String.join(",", entries);
    }

    /**
     * The pod a store runs in, from the address it registered with the placement driver: the first
     * label of its host name ({@code cache-store-2.cache-store-headless.apps.svc:20160}).
     */
    public static String podOfAddress(String address) {
        String host = address;
        int colon = host.lastIndexOf(':');
        if (colon >= 0) {
            host = host.substring(0, colon);
        }
        int dot = host.indexOf('.');
        return dot < 0 ? host : host.substring(0, dot);
    }
}
