package io.managedkvs.redis.backup;

import io.managedkvs.redis.actuator.Endpoint;
import io.managedkvs.redis.actuator.InfoParser;
import io.managedkvs.redis.actuator.RedisClients;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.Jedis;

/**
 * Which member a backup reads from: a replica whose link to the primary is up, the one furthest
 * along the replication stream. Never the primary: its fork would pause the writer, and a backup must
 * not cost the instance its latency.
 */
public final class ReplicaChoice {

    private ReplicaChoice() {
    }

    /**
     * @param notes collects, for the message when none qualifies, why each member did not
     */
    public static Optional<Endpoint> choose(List<Endpoint> members, RedisClients clients, List<String> notes) {
        Endpoint best = null;
        long bestOffset = -1;
        for (Endpoint member : members) {
            Map<String, String> info;
            try (Jedis jedis = clients.open(member)) {
                info = InfoParser.fields(jedis.info("replication"));
            } catch (RuntimeException e) {
                notes.add(member.name() + " unreachable (" + clients.scrub(e.getMessage()) + ")");
                continue;
            }
            if (!"slave".equals(info.get("role"))) {
                notes.add(member.name() + " is the primary");
            } else if (!"up".equals(info.get("master_link_status"))) {
                notes.add(member.name() + " has lost its link to the primary");
            } else {
                long offset = InfoParser.number(info.getOrDefault("slave_repl_offset", "0"), 0);
                if (offset > bestOffset) {
                    best = member;
                    bestOffset = offset;
                }
            }
        }
        return Optional.ofNullable(best);
    }
}
