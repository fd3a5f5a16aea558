package io.managedkvs.redis.actuator;

import io.managedkvs.redis.actuator.NodeState.ReplicaLink;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads the text of INFO into fields. */
public final class InfoParser {

    private InfoParser() {
    }

    public static Map<String, String> fields(String info) {
        Map<String, String> out = new HashMap<>();
        for (String line : info.split("\r?\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                out.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        return out;
    }

    /** The replicas a primary lists as {@code slaveN:ip=...,port=...,state=...,offset=...,lag=...}. */
    static List<ReplicaLink> replicas(Map<String, String> fields) {
        List<ReplicaLink> out = new ArrayList<>();
        for (int i = 0; fields.containsKey("slave" + i); i++) {
            Map<String, String> kv = new HashMap<>();
            for (String part : fields.get("slave" + i).split(",")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    kv.put(part.substring(0, eq), part.substring(eq + 1));
                }
            }
            out.add(new ReplicaLink(kv.getOrDefault("ip", ""), (int) number(kv.get("port"), 0), kv.getOrDefault("state", ""),
                    number(kv.get("offset"), 0), number(kv.get("lag"), Long.MAX_VALUE)));
        }
        return out;
    }

    /** Keys over all databases, from lines such as {@code db0:keys=3,expires=0,avg_ttl=0}. */
    static long keys(Map<String, String> fields) {
        long total = 0;
        for (Map.Entry<String, String> e : fields.entrySet()) {
            if (e.getKey().startsWith("db") && e.getValue().startsWith("keys=")) {
                int comma = e.getValue().indexOf(',');
                total += number(e.getValue().substring(5, comma < 0 ? e.getValue().length() : comma), 0);
            }
        }
        return total;
    }

    public static long number(String text, long fallback) {
        if (text == null) {
            return fallback;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
