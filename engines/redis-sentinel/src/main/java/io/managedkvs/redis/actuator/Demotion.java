package io.managedkvs.redis.actuator;

import java.util.List;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol.Command;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Makes a member that reports the primary role a replica, as Sentinel demotes an old primary: in one
 * transaction, {@code REPLICAOF} and {@code CLIENT KILL} of its normal and Pub/Sub clients. Without
 * the kill, clients stay connected to the demoted member and every write gets {@code READONLY}; a
 * client that came through a Kubernetes Service stays on that pod, since the Service moving to the
 * new primary does not move established connections. Disconnected, they reconnect and reach the
 * primary. {@code SKIPME yes} spares the connection that sends the transaction; replication links
 * (types master and replica) are not touched.
 */
final class Demotion {

    private Demotion() {
    }

    static void replicaOf(Jedis member, Endpoint primary) {
        List<Object> replies;
        try (Transaction t = member.multi()) {
            t.sendCommand(Command.REPLICAOF, primary.host(), Integer.toString(primary.port()));
            t.sendCommand(Command.CLIENT, "KILL", "TYPE", "normal", "SKIPME", "yes");
            t.sendCommand(Command.CLIENT, "KILL", "TYPE", "pubsub", "SKIPME", "yes");
            replies = t.exec();
        }
        if (replies == null) {
            throw new JedisDataException("the transaction was discarded");
        }
        for (Object reply : replies) {
            if (reply instanceof JedisDataException refused) {
                throw refused;
            }
        }
    }
}
