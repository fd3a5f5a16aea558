package io.managedkvs.redis.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/** Picks free loopback ports, distinct within one call. */
final class FreePorts {

    private FreePorts() {
    }

    static int[] pick(int count) {
        Set<Integer> seen = new HashSet<>();
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            int port;
            do {
                port = one();
            } while (!seen.add(port));
            out[i] = port;
        }
        return out;
    }

    private static int one() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
