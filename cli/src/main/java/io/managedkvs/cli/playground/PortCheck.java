package io.managedkvs.cli.playground;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Optional;

/** Whether ports can be listened on at 127.0.0.1, checked before anything starts. */
public final class PortCheck {

    private PortCheck() {
    }

    /** The first port of {@code ports} that is in use, if any. */
    public static Optional<Integer> firstInUse(List<Integer> ports) {
        for (int port : ports) {
            // Redis listens with SO_REUSEADDR too, so connections of an earlier run in TIME_WAIT do not count.
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            } catch (IOException e) {
                return Optional.of(port);
            }
        }
        return Optional.empty();
    }
}
