package io.managedkvs.redis.local;

/** redis-server or redis-sentinel is not on the PATH. The message says how to install them. */
public class RedisNotInstalledException extends RuntimeException {

    public RedisNotInstalledException(String binary) {
        super(binary + " was not found on the PATH. Install Redis to run it locally:"
                + " on Debian or Ubuntu 'apt-get install redis-server redis-sentinel',"
                + " on macOS 'brew install redis'; or put the directory holding " + binary + " on the PATH");
    }
}
