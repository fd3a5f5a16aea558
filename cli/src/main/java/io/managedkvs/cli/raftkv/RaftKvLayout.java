package io.managedkvs.cli.raftkv;

import io.managedkvs.cli.local.FreePorts;
import java.util.ArrayList;
import java.util.List;

/**
 * The loopback ports of a local raft-kv: PD's gRPC and status ports, then for each store its gRPC,
 * status and Redis-protocol ports. From a base, in that order ({@link #DEFAULT_BASE} puts PD where
 * kvsctl looks by default, 127.0.0.1:2379), or all free ports.
 *
 * @param pd       PD's gRPC port, for clients and stores
 * @param pdStatus PD's HTTP port (metrics, health)
 * @param stores   each store's ports
 */
public record RaftKvLayout(int pd, int pdStatus, List<StorePorts> stores) {

    public static final int DEFAULT_BASE = 2379;
    public static final int PORTS_PER_STORE = 3;

    /**
     * @param grpc   the key-value API and the Raft transport
     * @param status HTTP: metrics, health, readiness
     * @param resp   the Redis protocol
     */
    public record StorePorts(int grpc, int status, int resp) {
    }

    public RaftKvLayout {
        stores = List.copyOf(stores);
    }

    public static RaftKvLayout fromBase(int base, int storeCount) {
        List<StorePorts> stores = new ArrayList<>();
        for (int i = 0; i < storeCount; i++) {
            int first = base + 2 + PORTS_PER_STORE * i;
            stores.add(new StorePorts(first, first + 1, first + 2));
        }
        return new RaftKvLayout(base, base + 1, stores);
    }

    public static RaftKvLayout free(int storeCount) {
        int[] p = FreePorts.pick(2 + PORTS_PER_STORE * storeCount);
        List<StorePorts> stores = new ArrayList<>();
        for (int i = 0; i < storeCount; i++) {
            int first = 2 + PORTS_PER_STORE * i;
            stores.add(new StorePorts(p[first], p[first + 1], p[first + 2]));
        }
        return new RaftKvLayout(p[0], p[1], stores);
    }

    /** How many ports a layout of {@code storeCount} stores takes from its base. */
    public static int width(int storeCount) {
        return 2 + PORTS_PER_STORE * storeCount;
    }

    public String pdEndpoint() {
        return "127.0.0.1:" + pd;
    }

    public List<Integer> all() {
        List<Integer> out = new ArrayList<>(List.of(pd, pdStatus));
        for (StorePorts s : stores) {
            out.addAll(List.of(s.grpc(), s.status(), s.resp()));
        }
        return out;
    }
}
