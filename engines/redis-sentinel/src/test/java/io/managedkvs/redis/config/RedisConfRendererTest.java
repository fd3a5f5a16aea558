package io.managedkvs.redis.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.managedkvs.api.resource.RedisSpec;
import io.managedkvs.api.resource.RedisSpec.Persistence;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RedisConfRendererTest {

    private final DirectiveCatalogue catalogue = DirectiveCatalogue.standard();

    @Test
    void rendersPlatformDirectivesAndTheUsersOnes() {
        RedisSettings settings = RedisSettings.of(new RedisSpec(Map.of("maxmemory", "256mb", "client-output-buffer-limit",
                "pubsub 32mb 8mb 60", "notify-keyspace-events", ""), null, null, null, null), 3);

        String conf = RedisConfRenderer.render(settings, "* -::*", 6379, "/data");

        assertThat(conf).contains("port 6379\n", "bind * -::*\n", "dir \"/data\"\n", "protected-mode no\n",
                "save 3600 1 300 100 60 10000\n", "appendonly no\n", "min-replicas-to-write 1\n", "min-replicas-max-lag 10\n",
                "maxmemory 256mb\n", "client-output-buffer-limit pubsub 32mb 8mb 60\n", "notify-keyspace-events \"\"\n");
        assertThat(conf).doesNotContain("requirepass", "masterauth", "replicaof");
    }

    @Test
    void persistenceModesMapToSaveAndAppendOnly() {
        assertThat(RedisConfRenderer.render(with(Persistence.None), "127.0.0.1", 1, "/d")).contains("save \"\"\n", "appendonly no\n");
        assertThat(RedisConfRenderer.render(with(Persistence.AOF), "127.0.0.1", 1, "/d")).contains("save \"\"\n", "appendonly yes\n");
        assertThat(RedisConfRenderer.render(with(Persistence.RDBAndAOF), "127.0.0.1", 1, "/d"))
                .contains("save 3600 1 300 100 60 10000\n", "appendonly yes\n");
    }

    @Test
    void fencingDefaultsToOneReplicaOnlyWhenThereAreReplicas() {
        assertThat(RedisSettings.of(null, 3).minReplicasToWrite()).isEqualTo(1);
        assertThat(RedisSettings.of(null, 1).minReplicasToWrite()).isZero();
        assertThat(RedisSettings.of(new RedisSpec(null, null, 0, 5, null), 3).minReplicasToWrite()).isZero();
        assertThat(RedisSettings.of(new RedisSpec(null, null, 2, 5, null), 3).minReplicasMaxLag()).isEqualTo(5);
    }

    @Test
    void passwordsAreQuotedSoThatAnyCharacterSurvives() {
        assertThat(RedisConfRenderer.secretDirectives("a \"b\" \\c"))
                .isEqualTo("requirepass \"a \\\"b\\\" \\\\c\"\nmasterauth \"a \\\"b\\\" \\\\c\"\n");
        assertThat(SentinelConfRenderer.secretDirectives("x")).isEqualTo("requirepass \"x\"\nsentinel sentinel-pass \"x\"\n");
        assertThatThrownBy(() -> ConfigQuoting.quote("a\nb")).hasMessageContaining("one line");
    }

    @Test
    void onlyRestartRequiredDirectivesChangeTheRestartHash() {
        RedisSettings base = RedisSettings.of(null, 3);
        RedisSettings dynamic = RedisSettings.of(new RedisSpec(Map.of("maxmemory", "1gb"), null, null, null, null), 3);
        RedisSettings restart = RedisSettings.of(new RedisSpec(Map.of("databases", "32"), null, null, null, null), 3);
        RedisSettings fencing = RedisSettings.of(new RedisSpec(null, RedisSpec.Persistence.AOF, 2, null, null), 3);

        assertThat(dynamic.restartHash(catalogue)).isEqualTo(base.restartHash(catalogue));
        assertThat(fencing.restartHash(catalogue)).isEqualTo(base.restartHash(catalogue));
        assertThat(restart.restartHash(catalogue)).isNotEqualTo(base.restartHash(catalogue));
        assertThat(dynamic.dynamicConfig(catalogue)).containsEntry("maxmemory", "1073741824").containsEntry("save", RedisSettings.RDB_SAVE);
        assertThat(fencing.dynamicConfig(catalogue)).containsEntry("appendonly", "yes").containsEntry("save", "")
                .containsEntry("min-replicas-to-write", "2");
        assertThat(restart.dynamicConfig(catalogue)).doesNotContainKey("databases");
    }

    @Test
    void sentinelBaseConfigNamesNoPrimaryAndUsesHostnamesInKubernetes() {
        String conf = SentinelConfRenderer.render(26379, "* -::*", "/data", true);

        assertThat(conf).contains("port 26379\n", "sentinel resolve-hostnames yes\n", "sentinel announce-hostnames yes\n")
                .doesNotContain("monitor", "requirepass", "auth-pass");
        assertThat(SentinelConfRenderer.render(1, "127.0.0.1", "/d", false)).doesNotContain("hostnames");
    }

    @Test
    void withTlsThePlainPortIsClosedAndReplicationAndSentinelLinksUseTls() {
        TlsConfig tls = TlsConfig.inDirectory("/etc/redis/tls", false);

        String redis = RedisConfRenderer.render(RedisSettings.of(null, 3), "* -::*", 6379, "/data", Optional.of(tls));
        String sentinel = SentinelConfRenderer.render(26379, "* -::*", "/data", true, Optional.of(tls));

        assertThat(redis).contains("port 0\n", "tls-port 6379\n", "tls-cert-file \"/etc/redis/tls/tls.crt\"\n",
                "tls-key-file \"/etc/redis/tls/tls.key\"\n", "tls-ca-cert-file \"/etc/redis/tls/ca.crt\"\n",
                "tls-replication yes\n", "tls-auth-clients optional\n").doesNotContain("port 6379\nbind");
        assertThat(sentinel).contains("port 0\n", "tls-port 26379\n", "tls-replication yes\n", "tls-ca-cert-file \"/etc/redis/tls/ca.crt\"\n");
        assertThat(SentinelConfRenderer.render(26379, "*", "/d", false, Optional.of(TlsConfig.inDirectory("/t/", true))))
                .contains("tls-auth-clients yes\n", "tls-cert-file \"/t/tls.crt\"\n");
        assertThat(RedisConfRenderer.render(RedisSettings.of(null, 3), "*", 6379, "/data")).doesNotContain("tls");
    }

    private static RedisSettings with(Persistence p) {
        return RedisSettings.of(new RedisSpec(null, p, null, null, null), 3);
    }
}
