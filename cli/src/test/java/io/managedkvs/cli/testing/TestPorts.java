package io.managedkvs.cli.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

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

    private static boolean allFree(int base, int count) {
        for (int p = base; p < base + count; p++) {
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), p), 1);
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
