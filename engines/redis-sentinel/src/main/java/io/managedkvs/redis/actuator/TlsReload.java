package io.managedkvs.redis.actuator;

import io.managedkvs.redis.config.TlsConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import redis.clients.jedis.Jedis;

/**
 * Certificate rotation without restarts for redis members: a member reads its certificate, key and CA
 * files again when the directives naming them are set, even to the same paths (Redis 7 marks them
 * volatile). What a member serves is read from a TLS handshake, so a reload is asked for only where
 * the served certificate differs from the one expected, and repeated until the new files are there
 * (a mounted Secret's files change a while after the Secret). Sentinel 7.0 has no CONFIG SET for
 * these directives: a Sentinel takes new files by restarting, which moves no primary.
 */
public final class TlsReload {

    private final RedisClients clients;
    private final SSLContext context;

    /** @param clients connections over TLS ({@link RedisClients#tls()} present) */
    public TlsReload(RedisClients clients) {
        this.clients = clients;
        this.context = clients.tls().orElseThrow(() -> new IllegalArgumentException("the clients do not use TLS"));
    }

    /** The leaf certificate {@code endpoint} presents now; empty when it cannot be reached. */
    public Optional<X509Certificate> served(Endpoint endpoint) {
        int millis = (int) clients.timeout().toMillis();
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress(endpoint.dialHost(), endpoint.port()), millis);
            socket.setSoTimeout(millis);
            socket.startHandshake();
            Certificate[] chain = socket.getSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate leaf ? Optional.of(leaf) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code endpoint} serves {@code expected} (compared by encoding, not by name or serial alone). */
    public boolean serves(Endpoint endpoint, X509Certificate expected) {
        return served(endpoint).map(c -> c.equals(expected)).orElse(false);
    }

    /**
     * Makes a redis member read its certificate, key and CA files again, from the paths it already
     * uses (they are the member's business: a pod's mount or a local directory). A file that is not
     * fit (a key that does not match) fails the call and leaves the old ones in use.
     */
    public void reload(Endpoint member) {
        try (Jedis jedis = clients.open(member)) {
            Map<String, String> values = new LinkedHashMap<>();
            for (String directive : TlsConfig.FILE_DIRECTIVES) {
                values.put(directive, jedis.configGet(directive).get(directive));
            }
            jedis.configSet(values);
        }
    }
}
