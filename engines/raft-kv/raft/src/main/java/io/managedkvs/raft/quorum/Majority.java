package io.managedkvs.raft.quorum;

/**
 * Majority arithmetic on primitive arrays, so that the leader's per-message commit computation
 * allocates nothing. An empty voter set agrees to everything, which makes the outgoing half of a
 * non-joint configuration neutral.
 */
public final class Majority {

    private Majority() {
    }

    /** The number of voters that form a majority of {@code n}. */
    public static int quorum(int n) {
        return n / 2 + 1;
    }

    /**
     * The largest value that at least a majority of the {@code n} voters have reached, given each
     * voter's value in {@code values[0..n)}. Sorts that prefix in place. Long.MAX_VALUE for n = 0.
     */
    public static long committed(long[] values, int n) {
        if (n == 0) {
            return Long.MAX_VALUE;
        }
        // Insertion sort: groups are small (3-7 voters), and this keeps the hot path allocation-free.
        for (int i = 1; i < n; i++) {
            long v = values[i];
            int j = i - 1;
            while (j >= 0 && values[j] > v) {
                values[j + 1] = values[j];
                j--;
            }
            values[j + 1] = v;
        }
        return values[n - quorum(n)];
    }

    /** The election outcome in one voter set from granted and rejected counts. */
    public static VoteResult voteResult(int n, int granted, int rejected) {
        if (n == 0) {
            return VoteResult.WON;
        }
        int q = quorum(n);
        if (granted >= q) {
            return VoteResult.WON;
        }
        int missing = n - granted - rejected;
        return granted + missing >= q ? VoteResult.PENDING : VoteResult.LOST;
    }

    /** The outcome in a joint configuration: both halves must agree. */
    public static VoteResult joint(VoteResult incoming, VoteResult outgoing) {
        if (incoming == VoteResult.LOST || outgoing == VoteResult.LOST) {
            return VoteResult.LOST;
        }
        if (incoming == VoteResult.WON && outgoing == VoteResult.WON) {
            return VoteResult.WON;
        }
        return VoteResult.PENDING;
    }
}
