package io.managedkvs.api.engine;

/**
 * The checked content of spec.tls's Secret, as PEM text, for an engine whose own control calls (the
 * operator to its members) must present a certificate the members trust. Never printed:
 * {@link #toString()} leaves the key out.
 */
public record TlsMaterial(String secretName, String certificatePem, String keyPem, String authorityPem) {

    @Override
    public String toString() {
        return "TlsMaterial[secretName=" + secretName + ", key=****]";
    }
}
