package io.managedkvs.cli.testing;

import io.managedkvs.cli.playground.PortCheck;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

/** Free loopback ports for tests that need fixed, consecutive ones. */
public final class TestPorts {

    private TestPorts() {
    }

    /**
     * A base such that {@code count} consecutive ports from it are free now, below the ephemeral range
     * that tests picking port 0 draw from.
     */
    public static int freeBase(int count) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20_000, 30_000 - count);
            if (allFree(base, count)) {
                return base;
            }
        }
        throw new IllegalStateException("no " + count + " consecutive free ports found");
    }

    /** Free by the same rule the playground uses to refuse ports. */
    private static boolean allFree(int base, int count) {
        return PortCheck.firstInUse(IntStream.range(base, base + count).boxed().toList()).isEmpty();
    }
}
