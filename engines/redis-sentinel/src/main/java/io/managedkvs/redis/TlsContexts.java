package io.managedkvs.redis;

import io.managedkvs.api.engine.ResourceRef;
import io.managedkvs.api.engine.TlsMaterial;
import io.managedkvs.tls.SslContexts;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;

/**
 * The operator's TLS context per instance, built from the checked Secret the operator hands over and
 * built again only when the Secret's content changes (a rotation), not on every reconcile. The
 * operator presents the instance's own certificate: members trust its CA and nothing else.
 */
final class TlsContexts {

    private record Built(TlsMaterial material, SSLContext context) {
    }

    private final Map<ResourceRef, Built> built = new ConcurrentHashMap<>();

    Optional<SSLContext> of(ResourceRef ref, Optional<TlsMaterial> material) {
        if (material.isEmpty()) {
            built.remove(ref);
            return Optional.empty();
        }
        TlsMaterial m = material.get();
        return Optional.of(built.compute(ref, (r, old) -> old != null && old.material().equals(m) ? old
                : new Built(m, SslContexts.of(m.certificatePem(), m.keyPem(), m.authorityPem()))).context());
    }

    void forget(ResourceRef ref) {
        built.remove(ref);
    }
}
