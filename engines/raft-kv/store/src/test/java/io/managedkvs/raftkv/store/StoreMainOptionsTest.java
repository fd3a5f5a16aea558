package io.managedkvs.raftkv.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.managedkvs.raftkv.client.HostPort;
import io.managedkvs.raftkv.store.raftstore.ExpiryPurgeConfig;
import io.managedkvs.raftkv.store.server.StoreConfig;
import io.managedkvs.raftkv.store.transport.SnapshotFlowConfig;
import io.managedkvs.tls.CertificateAuthority;
import io.managedkvs.tls.TlsFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** StoreMain's options: defaults, parsing, and one-line errors naming the bad option. */
class StoreMainOptionsTest {

    private static StoreConfig parse(String... args) {
        StoreMain main = new StoreMain();
        new CommandLine(main).parseArgs(args);
        return main.config();
    }

    @Test
    void defaultsFollowTheContract() {
        StoreConfig c = parse("--data-dir", "/tmp/s", "--pd", "pd-0:2379,pd-1:2379");
        assertThat(c.dataDir()).isEqualTo(Path.of("/tmp/s"));
        assertThat(c.listen()).isEqualTo(new HostPort("0.0.0.0", 20160));
        assertThat(c.status()).isEqualTo(new HostPort("0.0.0.0", 20180));
        assertThat(c.advertise()).isNull();
        assertThat(c.pd()).containsExactly("pd-0:2379", "pd-1:2379");
        assertThat(c.raftStore().regionMaxBytes()).isEqualTo(96L << 20);
        assertThat(c.raftStore().regionMaxKeys()).isEqualTo(960_000);
        assertThat(c.raftStore().pollers()).isEqualTo(2);
        assertThat(c.raftStore().snapshotFlow()).isEqualTo(SnapshotFlowConfig.defaults());
        assertThat(c.raftStore().snapshotFlow().maxSending()).isEqualTo(2);
        assertThat(c.raftStore().snapshotFlow().maxReceiving()).isEqualTo(4);
        assertThat(c.raftStore().expiryPurge()).isEqualTo(ExpiryPurgeConfig.defaults());
        assertThat(c.raftStore().expiryPurge().enabled()).isTrue();
    }

    @Test
    void expiryPurgeOptionsAreParsed() {
        ExpiryPurgeConfig p = parse("--data-dir", "/d", "--pd", "h:1", "--ttl-purge-enabled", "false", "--ttl-purge-interval", "90s",
                "--ttl-purge-batch-keys", "64", "--ttl-purge-pass-keys", "1000").raftStore().expiryPurge();
        assertThat(p.enabled()).isFalse();
        assertThat(p.interval()).isEqualTo(Duration.ofSeconds(90));
        assertThat(p.batchKeys()).isEqualTo(64);
        assertThat(p.passKeys()).isEqualTo(1000);
        assertThat(parse("--data-dir", "/d", "--pd", "h:1", "--ttl-purge-interval", "500ms").raftStore().expiryPurge().interval())
                .isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void optionsAreParsed() {
        StoreConfig c = parse("--data-dir", "/d", "--pd", "127.0.0.1:2379", "--listen", "127.0.0.1:1234",
                "--advertise", "store-0.store:1234", "--status-listen", "127.0.0.1:0", "--labels", "zone=a,host=h1",
                "--region-max-size", "512KiB", "--region-max-keys", "1000", "--raft-pollers", "4",
                "--snapshot-max-sending", "3", "--snapshot-max-receiving", "1");
        assertThat(c.listen()).isEqualTo(new HostPort("127.0.0.1", 1234));
        assertThat(c.advertise().toString()).isEqualTo("store-0.store:1234");
        assertThat(c.labels()).containsEntry("zone", "a").containsEntry("host", "h1");
        assertThat(c.raftStore().regionMaxBytes()).isEqualTo(512 * 1024);
        assertThat(c.raftStore().regionMaxKeys()).isEqualTo(1000);
        assertThat(c.raftStore().pollers()).isEqualTo(4);
        assertThat(c.raftStore().snapshotFlow().maxSending()).isEqualTo(3);
        assertThat(c.raftStore().snapshotFlow().maxReceiving()).isEqualTo(1);
        assertThat(c.raftStore().snapshotFlow().sendQueue()).isEqualTo(SnapshotFlowConfig.defaults().sendQueue());
    }

    @Test
    void aTlsDirectoryWithAMissingOrMismatchedFileIsRefusedNamingTheOption(@TempDir Path tmp) {
        assertThatThrownBy(() -> parse("--data-dir", "/d", "--pd", "h:1", "--tls-dir", tmp.resolve("empty").toString()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--tls-dir: ").hasMessageContaining("tls.crt");

        Instant now = Instant.now();
        CertificateAuthority ca = CertificateAuthority.create("ca", now, Duration.ofDays(1));
        TlsFiles good = ca.issueInto(tmp.resolve("good"), "store", List.of("127.0.0.1"), now, Duration.ofDays(1));
        StoreConfig withTls = parse("--data-dir", "/d", "--pd", "h:1", "--tls-dir", tmp.resolve("good").toString());
        assertThat(withTls.security().tls()).isTrue();
        withTls.security().close();

        // The key of one certificate beside another certificate: every handshake would fail, so the start does.
        TlsFiles other = ca.issueInto(tmp.resolve("other"), "store", List.of("127.0.0.1"), now, Duration.ofDays(1));
        TlsFiles.write(tmp.resolve("mixed"), readString(good.certificate()), readString(other.privateKey()), readString(good.authority()));
        assertThatThrownBy(() -> parse("--data-dir", "/d", "--pd", "h:1", "--tls-dir", tmp.resolve("mixed").toString()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--tls-dir: ").hasMessageContaining("does not match");
    }

    private static String readString(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void badValuesNameTheirOption() {
        for (List<String> bad : List.of(
                List.of("--listen", "nohost"), List.of("--listen", "h:99999"), List.of("--advertise", "h:x"),
                List.of("--status-listen", ":1"), List.of("--labels", "zone"), List.of("--region-max-size", "lots"),
                List.of("--region-max-keys", "0"), List.of("--raft-pollers", "0"), List.of("--raft-pollers", "65"),
                List.of("--snapshot-max-sending", "0"), List.of("--snapshot-max-sending", "65"),
                List.of("--snapshot-max-receiving", "0"), List.of("--snapshot-max-receiving", "-1"),
                List.of("--ttl-purge-interval", "0s"), List.of("--ttl-purge-interval", "soon"),
                List.of("--ttl-purge-interval", "-5m"), List.of("--ttl-purge-batch-keys", "0"),
                List.of("--ttl-purge-batch-keys", "1025"), List.of("--ttl-purge-pass-keys", "255"),
                List.of("--pd", "pd"))) {
            String option = bad.get(0);
            String[] args = concat(bad, "--data-dir", "/d", "--pd", "h:1");
            if (option.equals("--pd")) {
                args = new String[] {"--data-dir", "/d", "--pd", bad.get(1)};
            }
            String[] finalArgs = args;
            assertThatThrownBy(() -> parse(finalArgs)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(option + ":");
        }
    }

    @Test
    void theProcessExitsWithStatusTwoAndOneLineNamingTheOption() {
        assertThat(exit("--pd", "h:1")).startsWith("2 ").contains("--data-dir");
        assertThat(exit("--data-dir", "/d", "--pd", "h:1", "--listen", "nohost")).isEqualTo("2 --listen: expected HOST:PORT, was 'nohost'");
        assertThat(exit("--data-dir", "/d", "--pd", "h:0")).isEqualTo("2 --pd: the port of 'h:0' must be between 1 and 65535");
        assertThat(exit("--data-dir", "/d", "--pd", "h:1", "--raft-pollers", "0")).isEqualTo("2 --raft-pollers: must be between 1 and 64, got 0");
        assertThat(exit("--data-dir", "/d", "--pd", "h:1", "--raft-pollers", "two")).startsWith("2 ").contains("--raft-pollers");
        assertThat(exit("--data-dir", "/d", "--pd", "h:1", "--snapshot-max-receiving", "0"))
                .isEqualTo("2 --snapshot-max-receiving: must be between 1 and 64, got 0");
        assertThat(exit("--data-dir", "/d", "--pd", "h:1", "--ttl-purge-enabled", "maybe")).startsWith("2 ").contains("--ttl-purge-enabled");
        assertThat(exit("--data-dir", "/d", "--pd", "h:1", "--ttl-purge-pass-keys", "10"))
                .isEqualTo("2 --ttl-purge-pass-keys: must be at least --ttl-purge-batch-keys (256), got 10");
    }

    /** Runs the command line (without starting a store: every call here fails first); "status message". */
    private static String exit(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cmd = StoreMain.commandLine(new StoreMain());
        cmd.setErr(new PrintWriter(err));
        int status = cmd.execute(args);
        String out = err.toString().strip();
        assertThat(out).doesNotContain("\n");
        return status + " " + out;
    }

    private static String[] concat(List<String> first, String... rest) {
        String[] out = new String[first.size() + rest.length];
        for (int i = 0; i < first.size(); i++) {
            out[i] = first.get(i);
        }
        System.arraycopy(rest, 0, out, first.size(), rest.length);
        return out;
    }
}
