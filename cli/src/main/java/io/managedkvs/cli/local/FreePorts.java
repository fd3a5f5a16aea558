package io.managedkvs.cli.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.LinkedHashSet;
import java.util.Set;

/** Free loopback ports, distinct within one call, for processes started on ephemeral ports. */
public final class FreePorts {

    private FreePorts() {
    }

    public static int[] pick(int count) {
        Set<Integer> ports = new LinkedHashSet<>();
        while (ports.size() < count) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                ports.add(s.getLocalPort());
            } catch (IOException e) {
                throw new UncheckedIOException("no free port on 127.0.0.1", e);
            }
        }
        return ports.stream().mapToInt(Integer::intValue).toArray();
    }
}
