package io.managedkvs.cli.bench;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Counts acknowledged writes that are missing: read back in batches, a key that is absent or holds
 * another value than was written is lost. Pure apart from the read function it is given.
 */
public final class LostWrites {

    static final int BATCH = 1000;

    private LostWrites() {
    }

    /** The key a writer writes sequence number {@code n} under; its value is {@code n}. */
    public static String key(String prefix, long n) {
        return prefix + n;
    }

    /**
     * @param log    the acknowledged writes
     * @param prefix the writer's key prefix
     * @param read   MGET: values in the order of the keys, null for a missing key
     */
    public static long count(AckLog log, String prefix, Function<String[], List<String>> read) {
        long lost = 0;
        for (int from = 0; from < log.size(); from += BATCH) {
            int to = Math.min(log.size(), from + BATCH);
            String[] keys = new String[to - from];
            for (int i = from; i < to; i++) {
                keys[i - from] = key(prefix, log.sequence(i));
            }
            List<String> values = read.apply(keys);
            if (values.size() != keys.length) {
                throw new IllegalStateException("asked for " + keys.length + " keys, got " + values.size() + " values: "
                        + Arrays.toString(Arrays.copyOf(keys, Math.min(3, keys.length))) + "...");
            }
            for (int i = from; i < to; i++) {
                if (!Long.toString(log.sequence(i)).equals(values.get(i - from))) {
                    lost++;
                }
            }
        }
        return lost;
    }
}
