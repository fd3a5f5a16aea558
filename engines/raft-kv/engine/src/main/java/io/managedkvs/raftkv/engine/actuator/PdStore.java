package io.managedkvs.raftkv.engine.actuator;

/**
 * One store as the placement driver reports it.
 *
 * @param id              the store's id
 * @param address         the gRPC address it registered (its pod's stable DNS name and port)
 * @param state           UP, OFFLINE (being drained) or TOMBSTONE (removed)
 * @param down            whether the placement driver judges it down (silent past its down-store timeout)
 * @param lastHeartbeatMs Unix milliseconds of its last heartbeat; 0 if never
 * @param regions         region replicas on it
 * @param leaders         regions it leads
 * @param leaderEvicted   whether leaders are kept off it
 */
public record PdStore(long id, String address, State state, boolean down, long lastHeartbeatMs, long regions, long leaders,
                      boolean leaderEvicted) {

    public enum State { UP, OFFLINE, TOMBSTONE }

    public boolean tombstone() {
        return state == State.TOMBSTONE;
    }
}
