package io.managedkvs.redis.local;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Where redis-server and redis-sentinel are. */
public record RedisBinaries(Path redisServer, Path redisSentinel) {

    /** Finds both on the PATH; throws {@link RedisNotInstalledException} naming the missing one. */
    public static RedisBinaries discover() {
        return new RedisBinaries(
                onPath("redis-server").orElseThrow(() -> new RedisNotInstalledException("redis-server")),
                onPath("redis-sentinel").orElseThrow(() -> new RedisNotInstalledException("redis-sentinel")));
    }

    /** Whether both are on the PATH, for callers that skip local runs without them. */
    public static boolean available() {
        return onPath("redis-server").isPresent() && onPath("redis-sentinel").isPresent();
    }

    static Optional<Path> onPath(String binary) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, binary);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
