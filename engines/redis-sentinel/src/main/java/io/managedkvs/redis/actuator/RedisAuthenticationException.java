package io.managedkvs.redis.actuator;

/** A member or Sentinel refused the password. The message names the member, never the password. */
public class RedisAuthenticationException extends RuntimeException {

    private final String member;

    public RedisAuthenticationException(String member, String message) {
        super(message);
        this.member = member;
    }

    public String member() {
        return member;
    }
}
