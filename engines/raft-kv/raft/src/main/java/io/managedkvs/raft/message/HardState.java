package io.managedkvs.raft.message;

/**
 * What Raft must persist before it speaks: the current term, the vote cast in it (0 for none)
 * and the highest index known to be committed.
 */
public record HardState(long term, long vote, long commit) {

    public static final HardState EMPTY = new HardState(0, 0, 0);

    public HardState {
        if (term < 0 || vote < 0 || commit < 0) {
            throw new IllegalArgumentException("hard state fields must not be negative: " + term + "/" + vote + "/" + commit);
        }
    }

    public boolean isEmpty() {
        return term == 0 && vote == 0 && commit == 0;
    }
}
