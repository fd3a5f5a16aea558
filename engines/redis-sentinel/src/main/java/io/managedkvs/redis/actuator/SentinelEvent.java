package io.managedkvs.redis.actuator;

/**
 * An event a Sentinel published, such as {@code +switch-master}, or {@code resubscribed} after the
 * watcher lost its subscription and may have missed events.
 *
 * @param channel  the event type
 * @param message  the event's text, for example {@code cache 10.0.0.1 6379 10.0.0.2 6379}
 * @param sentinel the Sentinel that published it
 */
public record SentinelEvent(String channel, String message, String sentinel) {

    public static final String RESUBSCRIBED = "resubscribed";

    public boolean isSwitchMaster() {
        return "+switch-master".equals(channel);
    }
}
