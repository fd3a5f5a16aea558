package io.managedkvs.redis.local;

import io.managedkvs.api.engine.Member;
import io.managedkvs.api.resource.RedisSpec;
import io.managedkvs.redis.actuator.DesiredState;
import io.managedkvs.redis.actuator.Endpoint;
import io.managedkvs.redis.actuator.MemberFacts;
import io.managedkvs.redis.actuator.RedisClients;
import io.managedkvs.redis.actuator.Restart;
import io.managedkvs.redis.actuator.SentinelActuator;
import io.managedkvs.redis.actuator.TlsReload;
import io.managedkvs.redis.actuator.Topology;
import io.managedkvs.redis.config.DirectiveCatalogue;
import io.managedkvs.redis.config.RedisConfRenderer;
import io.managedkvs.redis.config.RedisSettings;
import io.managedkvs.redis.config.SentinelConfRenderer;
import io.managedkvs.redis.config.SentinelSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An instance made of real redis-server and redis-sentinel processes on this machine, configured by
 * the same renderers as the pods. Members are named like pods ({@code <instance>-redis-0},
 * {@code <instance>-sentinel-0}), each with its own directory, port and log file under the base
 * directory. Replication is not set up here: the {@link SentinelActuator} bootstraps it, as it does
 * in a cluster. Changing the definition ({@link #redefine}) restarts nothing; it marks members out
 * of date, and the actuator's plan says which to restart, one at a time.
 */
public final class LocalRedisCluster implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final String instance;
    private final Path baseDir;
    private final Optional<String> password;
    private final Optional<LocalTls> tls;
    private final DirectiveCatalogue catalogue = DirectiveCatalogue.standard();
    private final Map<String, Local> redis = new LinkedHashMap<>();
    private final Map<String, Local> sentinels = new LinkedHashMap<>();
    private final SentinelActuator actuator;
    private RedisBinaries binaries;
    private RedisSettings settings;
    private SentinelSettings sentinelSettings;
    private int dataMembers;

    private LocalRedisCluster(Builder b) {
        this.instance = b.instance;
        this.baseDir = b.baseDir;
        this.password = Optional.ofNullable(b.password);
        this.tls = Optional.ofNullable(b.tls);
        this.binaries = b.binaries == null ? RedisBinaries.discover() : b.binaries;
        this.settings = b.settings == null ? RedisSettings.of(RedisSpec.DEFAULT, b.redisMembers) : b.settings;
        this.sentinelSettings = b.sentinelSettings;
        this.dataMembers = b.redisMembers;
        int[] ports = b.firstPort == 0 ? FreePorts.pick(b.redisMembers + b.sentinels) : consecutive(b.firstPort, b.redisMembers + b.sentinels);
        List<String> names = names(instance, b.redisMembers, b.sentinels);
        for (int i = 0; i < names.size(); i++) {
            Local l = new Local(names.get(i), ports[i], baseDir.resolve(names.get(i)));
            (i < b.redisMembers ? redis : sentinels).put(names.get(i), l);
        }
        this.actuator = new SentinelActuator(clients(), Clock.systemUTC(),
                SentinelActuator.DEFAULT_FAILOVER_PAUSE, Runnable::run);
    }

    /**
     * The names of a cluster's redis members and then its Sentinels, as pods are named: what a
     * {@link LocalTls} directory needs a certificate for before the cluster is built.
     */
    public static List<String> names(String instance, int redisMembers, int sentinels) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < redisMembers; i++) {
            out.add(instance + "-redis-" + i);
        }
        for (int i = 0; i < sentinels; i++) {
            out.add(instance + "-sentinel-" + i);
        }
        return out;
    }

    /** How the actuator, the tests and the playground's tools reach members: over TLS with the client certificate when TLS is on. */
    public RedisClients clients() {
        return new RedisClients(password, RedisClients.DEFAULT_TIMEOUT, tls.map(LocalTls::clientContext));
    }

    /** The certificates' layout when the cluster serves TLS only. */
    public Optional<LocalTls> tls() {
        return tls;
    }

    /**
     * Picks up certificate files rewritten in place, as a rotated Secret's files change in a pod:
     * every redis member reloads them without a restart, and Sentinels, which cannot reload, restart
     * one at a time (a Sentinel's restart moves no primary). Returns the members that reloaded.
     */
    public List<String> reloadTls() {
        tls.orElseThrow(() -> new IllegalStateException(instance + " does not serve TLS"));
        TlsReload reload = new TlsReload(clients());
        List<String> reloaded = new ArrayList<>();
        for (Endpoint e : topology().redis()) {
            reload.reload(e);
            reloaded.add(e.name());
        }
        for (String s : sentinelMembers()) {
            restartSentinel(s, false);
        }
        return reloaded;
    }

    public static Builder builder(String instance, Path baseDir) {
        return new Builder(instance, baseDir);
    }

    private static int[] consecutive(int first, int count) {
        if (first < 1 || first + count - 1 > 65_535) {
            throw new IllegalArgumentException("ports " + first + ".." + (first + count - 1) + " are outside 1..65535");
        }
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = first + i;
        }
        return out;
    }

    /** Starts every member as a standalone primary and every Sentinel monitoring nothing. */
    public LocalRedisCluster start() {
        redis.keySet().forEach(this::startRedis);
        sentinels.keySet().forEach(name -> startSentinel(name, true));
        return this;
    }

    public String instance() {
        return instance;
    }

    public SentinelActuator actuator() {
        return actuator;
    }

    public Topology topology() {
        List<Endpoint> r = redis.values().stream().map(l -> Endpoint.of(l.process.name(), "127.0.0.1", l.process.port())).toList();
        List<Endpoint> s = sentinels.values().stream().map(l -> Endpoint.of(l.process.name(), "127.0.0.1", l.process.port())).toList();
        return new Topology(instance, r, s);
    }

    public synchronized SentinelSettings sentinelSettings() {
        return sentinelSettings;
    }

    /** What the actuator should converge to: the current definition, and which members run it. */
    public synchronized DesiredState desiredState() {
        String definition = definition();
        Map<String, MemberFacts> facts = new LinkedHashMap<>();
        redis.values().forEach(l -> facts.put(l.process.name(), new MemberFacts(Member.ordinalOf(l.process.name()),
                definition.equals(l.startedDefinition), l.process.isAlive())));
        return new DesiredState(dataMembers, sentinelSettings, settings.dynamicConfig(catalogue), facts);
    }

    /** One actuator round; the restarts it asks for are carried out here. */
    public SentinelActuator.Round reconcileOnce() {
        SentinelActuator.Round round = actuator.reconcileOnce(topology(), desiredState());
        for (Restart r : round.plan().restarts()) {
            restart(r.member());
        }
        return round;
    }

    /** A new definition. Restart-required changes mark members out of date; nothing restarts here. */
    public synchronized void redefine(RedisSettings newSettings, SentinelSettings newSentinel, RedisBinaries newBinaries) {
        this.settings = newSettings;
        this.sentinelSettings = newSentinel;
        this.binaries = newBinaries;
    }

    public synchronized void redefine(RedisSettings newSettings) {
        redefine(newSettings, sentinelSettings, binaries);
    }

    /** Fewer (or more, up to the members started) data members; the rest are leaving. */
    public synchronized void setDataMembers(int count) {
        this.dataMembers = count;
    }

    /**
     * Removes a member for good, as a StatefulSet does on scale-in: stopped and forgotten. Its
     * directory stays. Never remove the primary: move it first (see {@link #setDataMembers}).
     */
    public void remove(String member) {
        Local l = redis.remove(member);
        if (l == null) {
            throw new IllegalArgumentException("no redis member named " + member + " in " + instance);
        }
        l.process.stop(STOP_GRACE);
    }

    /** Graceful stop and start with the current definition, following the primary Sentinel names. */
    public void restart(String member) {
        Local l = local(member);
        l.process.stop(STOP_GRACE);
        startRedis(member);
    }

    /** SIGKILL of a member or Sentinel. */
    public void kill(String member) {
        local(member).process.kill();
    }

    /** Starts a stopped member again (a redis member follows the primary Sentinel names). */
    public void startAgain(String member) {
        if (redis.containsKey(member)) {
            startRedis(member);
        } else {
            startSentinel(member, false);
        }
    }

    /** Restarts a Sentinel; with {@code fresh}, from the base file, like a replaced Sentinel pod. */
    public void restartSentinel(String name, boolean fresh) {
        local(name).process.stop(STOP_GRACE);
        startSentinel(name, fresh);
    }

    /** The member's data directory, where redis-server keeps dump.rdb: a restore puts the snapshot here before the start. */
    public Path dataDir(String member) {
        return local(member).dir;
    }

    public LocalProcess process(String member) {
        return local(member).process;
    }

    public List<String> redisMembers() {
        return List.copyOf(redis.keySet());
    }

    public List<String> sentinelMembers() {
        return List.copyOf(sentinels.keySet());
    }

    private synchronized String definition() {
        return settings.restartHash(catalogue) + "@" + binaries.redisServer();
    }

    private void startRedis(String name) {
        Local l = local(name);
        Optional<Endpoint> primary = sentinels.values().stream().anyMatch(s -> s.process.isAlive())
                ? actuator.primaryBySentinel(topology()) : Optional.empty();
        StringBuilder conf;
        Path server;
        synchronized (this) {
            conf = new StringBuilder(RedisConfRenderer.render(settings, "127.0.0.1", l.process.port(), l.dir.toString(),
                    tls.map(t -> t.config(name))));
            l.startedDefinition = definition();
            server = binaries.redisServer();
        }
        password.ifPresent(p -> conf.append(RedisConfRenderer.secretDirectives(p)));
        primary.filter(p -> !p.name().equals(name)).ifPresent(p -> conf.append("replicaof ").append(p.host()).append(' ').append(p.port()).append('\n'));
        Path file = l.dir.resolve("redis.conf");
        writePrivate(file, conf.toString());
        l.process.start(server, file, l.dir, START_TIMEOUT);
    }

    private void startSentinel(String name, boolean fresh) {
        Local l = local(name);
        Path file = l.dir.resolve("sentinel.conf");
        if (fresh || !Files.exists(file)) {
            StringBuilder conf = new StringBuilder(SentinelConfRenderer.render(l.process.port(), "127.0.0.1", l.dir.toString(), false,
                    tls.map(t -> t.config(name))));
            password.ifPresent(p -> conf.append(SentinelConfRenderer.secretDirectives(p)));
            writePrivate(file, conf.toString());
        }
        l.process.start(binaries.redisSentinel(), file, l.dir, START_TIMEOUT);
    }

    private Local local(String member) {
        Local l = redis.containsKey(member) ? redis.get(member) : sentinels.get(member);
        if (l == null) {
            throw new IllegalArgumentException("no member named " + member + " in " + instance);
        }
        return l;
    }

    /**
     * A member's directory, readable by its owner only. The configuration files in it hold the
     * password, and Redis and Sentinel rewrite them (CONFIG REWRITE, Sentinel's own state) as new
     * files with the umask's mode, usually world-readable: the directory is what keeps them private.
     */
    private static void createPrivateDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
            try {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system.
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    private static void writePrivate(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system; the directory is the user's own.
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Stops every process gracefully (SIGTERM: members save their data), Sentinels first. */
    public void shutdown() {
        sentinels.values().forEach(l -> l.process.stop(STOP_GRACE));
        redis.values().forEach(l -> l.process.stop(STOP_GRACE));
    }

    /** Kills every process (SIGKILL: this is a throwaway cluster). */
    @Override
    public void close() {
        List<RuntimeException> errors = new ArrayList<>();
        for (Local l : List.copyOf(sentinels.values())) {
            try {
                l.process.kill();
            } catch (RuntimeException e) {
                errors.add(e);
            }
        }
        for (Local l : List.copyOf(redis.values())) {
            try {
                l.process.kill();
            } catch (RuntimeException e) {
                errors.add(e);
            }
        }
        if (!errors.isEmpty()) {
            throw errors.get(0);
        }
    }

    private static final class Local {
        final LocalProcess process;
        final Path dir;
        String startedDefinition;

        Local(String name, int port, Path dir) {
            this.process = new LocalProcess(name, port, dir.resolve(name + ".log"));
            this.dir = dir;
            createPrivateDirectory(dir);
        }
    }

    /** Settings of a local cluster. */
    public static final class Builder {
        private final String instance;
        private final Path baseDir;
        private int redisMembers = 3;
        private int sentinels = 3;
        private String password;
        private LocalTls tls;
        private RedisSettings settings;
        private SentinelSettings sentinelSettings = SentinelSettings.of(null);
        private RedisBinaries binaries;
        private int firstPort;

        private Builder(String instance, Path baseDir) {
            this.instance = instance;
            this.baseDir = baseDir;
        }

        public Builder redisMembers(int n) {
            this.redisMembers = n;
            return this;
        }

        public Builder sentinels(int n) {
            this.sentinels = n;
            return this;
        }

        /** The password members and Sentinels require; null for none. */
        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /** Serve TLS only, with the member and client certificates laid out as {@code tls} says; null for plain text. */
        public Builder tls(LocalTls tls) {
            this.tls = tls;
            return this;
        }

        public Builder settings(RedisSettings settings) {
            this.settings = settings;
            return this;
        }

        public Builder sentinelSettings(SentinelSettings settings) {
            this.sentinelSettings = settings;
            return this;
        }

        public Builder binaries(RedisBinaries binaries) {
            this.binaries = binaries;
            return this;
        }

        /**
         * Listen on consecutive ports from {@code port}: the redis members first, then the Sentinels.
         * Without it (or with 0) free ports are picked, which suits tests; fixed ports suit a
         * playground whose addresses a user types. Whether they are free is the caller's concern.
         */
        public Builder firstPort(int port) {
            this.firstPort = port;
            return this;
        }

        public LocalRedisCluster build() {
            return new LocalRedisCluster(this);
        }
    }
}
