package io.managedkvs.api.engine;

import java.util.List;

/**
 * An engine that serves clients and its own members over TLS. Separate from {@link KvsEngine} on
 * purpose: the operator refuses spec.tls for an engine that does not implement it, with a condition,
 * rather than calling a method that would fail. Before anything is rendered with TLS, the operator
 * checks the Secret (keys present, certificate and key a pair, the certificate valid now and issued
 * by ca.crt), so engines render only what a checked Secret allows.
 */
public interface TlsCapable {

    /** The keys of spec.tls.secretName the engine mounts, for example tls.crt, tls.key and ca.crt. */
    List<String> tlsSecretKeys();
}
