package io.managedkvs.cli.bench;

import io.managedkvs.raftkv.client.KvEntry;
import io.managedkvs.raftkv.client.RaftKvClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The benchmark writer's sink and read-back through the raft-kv client. */
final class RaftKvWrites {

    private RaftKvWrites() {
    }

    /** Writes through the shared client; nothing to close per connection (the client keeps its channels). */
    static AckedWriter.Sink sink(RaftKvClient client) {
        return new AckedWriter.Sink() {
            @Override
            public void set(String key, String value) {
                client.put(key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public void close() {
                // The client stays open for the next write.
            }
        };
    }

    /** MGET: values in the order of the keys, null for a missing one. */
    static List<String> read(RaftKvClient client, String[] keys) {
        List<byte[]> ks = new ArrayList<>(keys.length);
        for (String k : keys) {
            ks.add(k.getBytes(StandardCharsets.UTF_8));
        }
        Map<String, String> found = new HashMap<>();
        for (KvEntry e : client.batchGet(ks)) {
            found.put(new String(e.key(), StandardCharsets.UTF_8), new String(e.value(), StandardCharsets.UTF_8));
        }
        List<String> out = new ArrayList<>(keys.length);
        for (String k : keys) {
            out.add(found.get(k));
        }
        return out;
    }
}
