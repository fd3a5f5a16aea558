package io.managedkvs.redis.actuator;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Who still serves a certificate other than the Secret's: redis members reload theirs in place
 * ({@link TlsReload#reload}); Sentinels, which cannot, are restarted one at a time once every member
 * serves the new one. Members that cannot be reached are left out: they read the files when they start.
 *
 * @param membersBehind   redis members to reload
 * @param sentinelsBehind Sentinels to restart
 */
public record TlsRotation(List<Endpoint> membersBehind, List<Endpoint> sentinelsBehind) {

    public static final TlsRotation NONE = new TlsRotation(List.of(), List.of());

    public TlsRotation {
        membersBehind = List.copyOf(membersBehind);
        sentinelsBehind = List.copyOf(sentinelsBehind);
    }

    /** Compares what every member and Sentinel serves now with {@code expected}. */
    public static TlsRotation observe(TlsReload reload, Topology topology, X509Certificate expected) {
        return new TlsRotation(behind(reload, topology.redis(), expected), behind(reload, topology.sentinels(), expected));
    }

    private static List<Endpoint> behind(TlsReload reload, List<Endpoint> endpoints, X509Certificate expected) {
        List<Endpoint> out = new ArrayList<>();
        for (Endpoint e : endpoints) {
            reload.served(e).filter(c -> !c.equals(expected)).ifPresent(c -> out.add(e));
        }
        return out;
    }

    public boolean done() {
        return membersBehind.isEmpty() && sentinelsBehind.isEmpty();
    }
}
