package io.managedkvs.cli.bench.ycsb;

import io.managedkvs.raftkv.client.ClientConfig;
import io.managedkvs.raftkv.client.RaftKvClient;
import java.util.List;

/** raft-kv through its client: reads are linearizable. */
public final class RaftKvTarget implements KvTarget {

    private final RaftKvClient client;

    public RaftKvTarget(List<String> pdEndpoints) {
        this.client = RaftKvClient.connect(ClientConfig.of(pdEndpoints));
    }

    @Override
    public String engine() {
        return "raft-kv";
    }

    @Override
    public boolean read(byte[] key) {
        return client.get(key).isPresent();
    }

    @Override
    public void update(byte[] key, byte[] value) {
        client.put(key, value);
    }

    @Override
    public void close() {
        client.close();
    }
}
