package io.managedkvs.operator.credentials;

import java.security.SecureRandom;
import java.util.Base64;

/** Strong random passwords: 32 bytes from SecureRandom, URL-safe Base64 (43 characters, no padding). */
public final class PasswordGenerator {

    private static final int BYTES = 32;

    private final SecureRandom random;

    public PasswordGenerator() {
        this(new SecureRandom());
    }

    PasswordGenerator(SecureRandom random) {
        this.random = random;
    }

    public String next() {
        byte[] bytes = new byte[BYTES];
        random.nextBytes(bytes);
        // URL-safe characters need no quoting in redis.conf, connection URLs or shell commands.
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
