package io.managedkvs.raft;

/**
 * The source of randomised election timeouts: a SplitMix64 sequence from the configured seed, so a
 * node's behaviour is a function of its inputs and seed alone.
 */
final class ElectionJitter {

    private long state;

    ElectionJitter(long seed) {
        this.state = seed;
    }

    /** A value in [0, bound). */
    int nextInt(int bound) {
        state += 0x9E3779B97F4A7C15L;
        long z = state;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (int) Long.remainderUnsigned(z, bound);
    }
}
