package io.managedkvs.redis.actuator;

import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Opens short-lived connections to members and Sentinels with explicit, short timeouts, so that a
 * dead pod costs a bounded wait and never hangs a reconcile. The password is held here and nowhere
 * else; {@link #toString()} and every error message leave it out.
 */
public final class RedisClients {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(1500);

    private final Optional<String> password;
    private final Duration timeout;
    private final Optional<SSLContext> tls;

    public RedisClients(Optional<String> password, Duration timeout) {
        this(password, timeout, Optional.empty());
    }

    /**
     * @param tls with a context, every connection is TLS: it presents the context's certificate and
     *            trusts only its CA. Members are dialled by address while certificates name them by DNS
     *            name, so the CA alone, not the host name, is what is checked.
     */
    public RedisClients(Optional<String> password, Duration timeout, Optional<SSLContext> tls) {
        this.password = password.filter(p -> !p.isEmpty());
        this.timeout = timeout;
        this.tls = tls;
    }

    /** The same password and timeout over TLS with {@code context}, or in plain text when empty. */
    public RedisClients withTls(Optional<SSLContext> context) {
        return new RedisClients(password, timeout, context);
    }

    public Optional<SSLContext> tls() {
        return tls;
    }

    public static RedisClients withPassword(String password) {
        return new RedisClients(Optional.ofNullable(password), DEFAULT_TIMEOUT);
    }

    public static RedisClients withoutPassword() {
        return new RedisClients(Optional.empty(), DEFAULT_TIMEOUT);
    }

    public Optional<String> password() {
        return password;
    }

    public Duration timeout() {
        return timeout;
    }

    /** A connection to {@code endpoint}, authenticated. The caller closes it. */
    public Jedis open(Endpoint endpoint) {
        return open(endpoint, (int) timeout.toMillis());
    }

    /** A connection whose reads wait up to {@code socketTimeoutMillis} (0: forever), for subscriptions. */
    public Jedis open(Endpoint endpoint, int socketTimeoutMillis) {
        Jedis jedis = null;
        try {
            // The constructor connects and authenticates.
            jedis = new Jedis(new HostAndPort(endpoint.dialHost(), endpoint.port()), config(socketTimeoutMillis));
            jedis.connect();
            if (password.isEmpty()) {
                jedis.ping(); // a server that wants a password answers NOAUTH here rather than mid-observation
            }
            return jedis;
        } catch (JedisDataException e) {
            closeQuietly(jedis);
            if (isAuthError(e)) {
                throw authFailure(endpoint, e);
            }
            throw e;
        } catch (RuntimeException e) {
            closeQuietly(jedis);
            if (e.getCause() instanceof JedisDataException d && isAuthError(d)) {
                throw authFailure(endpoint, d);
            }
            throw e;
        }
    }

    private static void closeQuietly(Jedis jedis) {
        if (jedis != null) {
            jedis.close();
        }
    }

    private JedisClientConfig config(int socketTimeoutMillis) {
        DefaultJedisClientConfig.Builder b = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis((int) timeout.toMillis())
                .socketTimeoutMillis(socketTimeoutMillis)
                .clientName("managed-kvs")
                .resp2()
                .autoNegotiateProtocol(false);
        password.ifPresent(b::password);
        tls.ifPresent(context -> b.ssl(true).sslSocketFactory(context.getSocketFactory()));
        return b.build();
    }

    static boolean isAuthError(RuntimeException e) {
        if (e instanceof JedisAccessControlException) {
            return true;
        }
        String m = e.getMessage() == null ? "" : e.getMessage();
        return m.startsWith("NOAUTH") || m.startsWith("WRONGPASS") || m.contains("invalid password")
                || m.contains("called without any password configured");
    }

    private RedisAuthenticationException authFailure(Endpoint endpoint, RuntimeException cause) {
        String why = password.isPresent()
                ? "refused the password (" + firstWord(cause) + ")"
                : "requires a password, and none was given";
        return new RedisAuthenticationException(endpoint.name(), endpoint.name() + " at " + endpoint.dialHost() + ":" + endpoint.port()
                + " " + why + "; nothing was changed. Check that the credentials Secret holds this instance's password");
    }

    private static String firstWord(RuntimeException e) {
        String m = e.getMessage() == null ? "" : e.getMessage().trim();
        int space = m.indexOf(' ');
        return space > 0 ? m.substring(0, space) : m;
    }

    /** A message safe to log or put in a status: the password, should a server ever echo it, is masked. */
    public String scrub(String message) {
        if (message == null) {
            return null;
        }
        return password.map(p -> message.replace(p, "****")).orElse(message);
    }

    @Override
    public String toString() {
        return "RedisClients[password=" + (password.isPresent() ? "****" : "none") + ", timeout=" + timeout
                + ", tls=" + tls.isPresent() + "]";
    }
}
