package io.managedkvs.operator.engines.raftkv;

import static io.managedkvs.operator.testing.OperatorHarness.NAMESPACE;
import static io.managedkvs.operator.testing.OperatorHarness.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.managedkvs.api.engine.Member;
import io.managedkvs.api.engine.PlatformSettings;
import io.managedkvs.api.resource.AuthSpec;
import io.managedkvs.api.resource.Condition;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.resource.ManagedKVSSpec;
import io.managedkvs.api.resource.Phase;
import io.managedkvs.api.resource.RaftKvSpec;
import io.managedkvs.api.resource.RaftKvStatus;
import io.managedkvs.api.resource.TlsSpec;
import io.managedkvs.operator.members.ClusterViewBuilder;
import io.managedkvs.operator.testing.OperatorHarness;
import io.managedkvs.raftkv.client.TransportSecurity;
import io.managedkvs.raftkv.engine.RaftKvEngine;
import io.managedkvs.raftkv.engine.actuator.Timing;
import io.managedkvs.raftkv.engine.model.RaftKvModel;
import io.managedkvs.raftkv.pd.PdConfig;
import io.managedkvs.raftkv.pd.PdServer;
import io.managedkvs.raftkv.proto.meta.StoreState;
import io.managedkvs.tls.CertificateAuthority;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The raft-kv engine driven by the operator against the mock API server, with a real placement
 * driver (an in-process {@link PdServer} on a loopback port) that the engine reaches over gRPC.
 *
 * <p>The mock API server runs no StatefulSet controller and no kubelet, so the test plays both: it
 * creates the pods a StatefulSet asks for (from its current template, ready) and removes those above
 * its size. Real store processes cannot run there either: {@link StoreSimulator} registers and keeps
 * alive each store through PD's own API, with the calls a real store makes.
 */
class RaftKvOnMockServerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path pdDir;
    private PdServer pd;
    private StoreSimulator stores;
    private OperatorHarness harness;
    private RaftKvEngine engine;
    /** Where the engine reaches PD: the plaintext one, or the TLS one a test starts instead. */
    private volatile String pdAddress;
    private final List<AutoCloseable> tlsParts = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        pd = new PdServer(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)),
                PdConfig.single(pdDir, "127.0.0.1:0", 3)).start();
        pdAddress = "127.0.0.1:" + pd.port();
        stores = new StoreSimulator(pdAddress);
        // Stores are judged down after a second of silence and may be replaced after two, so that a
        // replacement happens within the test; the product's floor is a minute.
        Timing quick = new Timing(Duration.ofSeconds(1), Duration.ofSeconds(1));
        harness = new OperatorHarness(trigger -> List.of(engine = new RaftKvEngine(PlatformSettings.defaults(),
                (resource, view) -> List.of(pdAddress), Clock.systemUTC(), Duration.ofSeconds(3), quick)));
    }

    @AfterEach
    void stop() throws Exception {
        try {
            harness.close();
        } finally {
            engine.close();
            stores.close();
            pd.stop();
            for (AutoCloseable c : tlsParts) {
                c.close();
            }
        }
    }

    /**
     * Replaces the plaintext PD with one that serves only mutual TLS with a member certificate of
     * {@code ca}; the store simulator dials it with another member certificate of the same CA.
     */
    private void useTlsPd(CertificateAuthority ca) throws Exception {
        stores.close();
        pd.stop();
        // The operator checks the Secret's validity against its clock: bring it to the certificates' time.
        harness.clock.advance(Duration.between(harness.clock.instant(), Instant.now()));
        Instant now = Instant.now();
        TransportSecurity pdTls = TransportSecurity.mutualTls(ca.issueInto(pdDir.resolve("tls/pd"), "pd", List.of("127.0.0.1"), now,
                Duration.ofDays(1)), Duration.ofSeconds(1));
        TransportSecurity storeTls = TransportSecurity.mutualTls(ca.issueInto(pdDir.resolve("tls/store"), "store", List.of("127.0.0.1"),
                now, Duration.ofDays(1)), Duration.ofSeconds(1));
        tlsParts.add(pdTls);
        tlsParts.add(storeTls);
        pd = new PdServer(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0), pdTls.serverCredentials()),
                PdConfig.single(pdDir.resolve("tls-pd"), "127.0.0.1:0", 3)).start();
        pdAddress = "127.0.0.1:" + pd.port();
        stores = new StoreSimulator(pdAddress, storeTls.channelCredentials());
    }

    /** spec.tls's Secret as cert-manager writes it: a certificate of {@code ca}, or of {@code ca} with another's key. */
    private void tlsSecret(CertificateAuthority ca, CertificateAuthority keyFrom) {
        Instant now = Instant.now();
        CertificateAuthority.Issued cert = ca.issue("cache", List.of("cache-pd.apps.svc"), now.minusSeconds(60), now.plus(Duration.ofDays(1)));
        CertificateAuthority.Issued key = keyFrom == ca ? cert
                : keyFrom.issue("cache", List.of("cache-pd.apps.svc"), now.minusSeconds(60), now.plus(Duration.ofDays(1)));
        Base64.Encoder b64 = Base64.getEncoder();
        harness.client().resource(new SecretBuilder().withNewMetadata().withName("cache-tls").withNamespace(NAMESPACE).endMetadata()
                .withType("kubernetes.io/tls").withData(Map.of(
                        "tls.crt", b64.encodeToString(cert.certificatePem().getBytes(StandardCharsets.US_ASCII)),
                        "tls.key", b64.encodeToString(key.keyPem().getBytes(StandardCharsets.US_ASCII)),
                        "ca.crt", b64.encodeToString(cert.authorityPem().getBytes(StandardCharsets.US_ASCII))))
                .build()).createOr(op -> op.update());
    }

    @Test
    void withTlsNothingIsRenderedBeforeTheSecretIsSoundAndARotationRollsNothing() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("cache CA", Instant.now(), Duration.ofDays(1));
        useTlsPd(ca);
        harness.create(resource("cache", spec(3).withTls(new TlsSpec(true, "cache-tls"))));
        harness.awaitObserved("cache");
        awaitCondition("cache", Condition.SPEC_VALID, "TlsSecretInvalid");
        assertThat(harness.client().apps().statefulSets().inNamespace(NAMESPACE).list().getItems()).as("nothing rendered").isEmpty();

        // A key that is not the certificate's: still refused, still nothing rendered.
        tlsSecret(ca, CertificateAuthority.create("other", Instant.now(), Duration.ofDays(1)));
        harness.reconcileNow("cache");
        await().atMost(WAIT).untilAsserted(() -> assertThat(harness.get("cache").getStatus().condition(Condition.SPEC_VALID).orElseThrow()
                .message()).contains("tls.key"));
        assertThat(harness.client().apps().statefulSets().inNamespace(NAMESPACE).list().getItems()).as("nothing rendered").isEmpty();

        tlsSecret(ca, ca);
        harness.reconcileNow("cache");
        bringUp(3);
        // Ready means the engine reached PD, which serves nothing but mutual TLS: it dialled with the Secret's certificate.
        awaitPhase("cache", Phase.Ready);
        StatefulSet store = statefulSet("cache-store");
        assertThat(store.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs()).containsSequence("--tls-dir", "/etc/raft-kv/tls");
        assertThat(statefulSet("cache-pd").getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
                .containsSequence("--tls-dir", "/etc/raft-kv/tls");

        // Rotation: the same Secret with a new certificate. The processes reload it in place; no template changes.
        tlsSecret(ca, ca);
        harness.reconcileNow("cache");
        awaitPhase("cache", Phase.Ready);
        assertThat(statefulSet("cache-store").getSpec().getTemplate()).isEqualTo(store.getSpec().getTemplate());
        assertThat(statefulSet("cache-store").getMetadata().getGeneration()).isEqualTo(store.getMetadata().getGeneration());
    }

    @Test
    void aSecretOfAnotherAuthorityGetsNoAnswerFromTheTlsPlacementDriver() throws Exception {
        useTlsPd(CertificateAuthority.create("cache CA", Instant.now(), Duration.ofDays(1)));
        CertificateAuthority stranger = CertificateAuthority.create("another CA", Instant.now(), Duration.ofDays(1));
        tlsSecret(stranger, stranger);
        harness.create(resource("cache", spec(3).withTls(new TlsSpec(true, "cache-tls"))));
        await().atMost(WAIT).untilAsserted(() -> assertThat(statefulSet("cache-store")).isNotNull());
        materialise();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            harness.reconcileNow("cache");
            assertThat(harness.get("cache").getStatus().conditions()).anySatisfy(c ->
                    assertThat(c.reason()).isEqualTo("PlacementDriverUnavailable"));
        });
    }

    private static ManagedKVSSpec spec(int replicas) {
        return ManagedKVSSpec.of(RaftKvEngine.NAME, "0.1").withReplicas(replicas).withAuth(new AuthSpec(false, null));
    }

    @Test
    void anInstanceIsCreatedAndReadyOnceThePlacementDriverSeesItsStores() {
        harness.create(resource("cache", spec(3)));
        ManagedKVS created = harness.awaitObserved("cache");

        assertThat(created.getStatus().phase()).as("no member pod yet").isEqualTo(Phase.Pending);
        assertThat(created.getStatus().condition(Condition.PROGRESSING).orElseThrow().reason()).isEqualTo("Bootstrapping");
        assertThat(statefulSet("cache-pd").getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
                .containsSequence("--initial-cluster", "1=cache-pd-1.cache-pd-headless.apps.svc:2379,"
                        + "2=cache-pd-2.cache-pd-headless.apps.svc:2379,3=cache-pd-3.cache-pd-headless.apps.svc:2379");
        assertThat(statefulSet("cache-store").getSpec().getReplicas()).isEqualTo(3);
        assertThat(harness.client().services().inNamespace(NAMESPACE).list().getItems()).extracting(s -> s.getMetadata().getName())
                .containsExactlyInAnyOrder("cache-rw", "cache-pd", "cache-store-headless", "cache-pd-headless");
        assertThat(harness.client().policy().v1().podDisruptionBudget().inNamespace(NAMESPACE).list().getItems())
                .extracting(PodDisruptionBudget::getMetadata).extracting(m -> m.getName()).containsExactlyInAnyOrder("cache-store", "cache-pd");
        assertThat(harness.client().secrets().inNamespace(NAMESPACE).list().getItems()).as("auth is off").isEmpty();

        bringUp(3);

        ManagedKVS ready = awaitPhase("cache", Phase.Ready);
        assertThat(ready.getStatus().ready()).isEqualTo("3/3");
        assertThat(ready.getStatus().version()).isEqualTo("0.1");
        assertThat(ready.getStatus().endpoints().readWrite()).isEqualTo("cache-rw.apps.svc:6379");
        assertThat(ready.getStatus().endpoints().placementDriver()).isEqualTo("cache-pd.apps.svc:2379");
        RaftKvStatus raftKv = ready.getStatus().raftKv();
        assertThat(raftKv.regions()).isEqualTo(1);
        assertThat(raftKv.underReplicatedRegions()).isZero();
        assertThat(raftKv.stores()).extracting(RaftKvStatus.StoreStatus::pod, RaftKvStatus.StoreStatus::state).containsExactly(
                tuple("cache-store-0", "Up"), tuple("cache-store-1", "Up"),
                tuple("cache-store-2", "Up"));
        assertThat(harness.events()).extracting(Event::getReason).contains("Bootstrapping", "InstanceReady");
    }

    @Test
    void scaleOutAddsStoresAndScaleInDrainsThemThroughThePlacementDriverBeforeAnyPodGoes() {
        harness.create(resource("cache", spec(3)));
        harness.awaitObserved("cache");
        bringUp(3);
        awaitPhase("cache", Phase.Ready);

        harness.editSpec("cache", s -> s.withReplicas(5));
        await().atMost(WAIT).untilAsserted(() -> assertThat(statefulSet("cache-store").getSpec().getReplicas()).isEqualTo(5));
        materialise();
        stores.start("cache-store-3");
        stores.start("cache-store-4");
        ManagedKVS scaledOut = awaitReady("cache", "5/5");
        assertThat(scaledOut.getStatus().raftKv().stores()).hasSize(5);

        harness.editSpec("cache", s -> s.withReplicas(3));
        await().atMost(WAIT).untilAsserted(() -> {
            harness.reconcileNow("cache");
            assertThat(stores.status("cache-store-3").getStore().getState()).isEqualTo(StoreState.OFFLINE);
            assertThat(stores.status("cache-store-4").getStore().getState()).isEqualTo(StoreState.OFFLINE);
        });
        ManagedKVS draining = awaitCondition("cache", Condition.PROGRESSING, "StoresDraining");
        assertThat(statefulSet("cache-store").getSpec().getReplicas()).as("no store pod goes before PD has moved its copies away")
                .isEqualTo(5);
        assertThat(draining.getStatus().raftKv().stores()).filteredOn(s -> s.pod().equals("cache-store-4")).singleElement()
                .satisfies(s -> assertThat(s.state()).isEqualTo("Offline"));
        assertThat(stores.status("cache-store-0").getStore().getState()).isEqualTo(StoreState.UP);
        assertThat(harness.events()).anySatisfy(e -> {
            assertThat(e.getReason()).isEqualTo("StoresDraining");
            assertThat(e.getMessage()).contains("cache-store-");
        });
    }

    @Test
    void aStoreDownPastTheDelayIsReplacedWithAFreshVolume() throws Exception {
        harness.create(resource("cache", spec(4).withRaftKv(new RaftKvSpec(null, null, null, null, "2s"))));
        harness.awaitObserved("cache");
        bringUp(4);
        for (int i = 0; i < 4; i++) {
            claim("data-cache-store-" + i);
        }
        awaitPhase("cache", Phase.Ready);

        stores.kill("cache-store-1");
        await().atMost(WAIT).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            harness.reconcileNow("cache");
            assertThat(pod("cache-store-1")).isNull();
        });

        assertThat(harness.client().persistentVolumeClaims().inNamespace(NAMESPACE).withName("data-cache-store-1").get())
                .as("the replaced store's volume is gone, so its pod comes back empty").isNull();
        assertThat(harness.client().persistentVolumeClaims().inNamespace(NAMESPACE).withName("data-cache-store-0").get()).isNotNull();
        assertThat(stores.status("cache-store-1").getStore().getState()).as("removed from PD, which rebuilds its copies")
                .isEqualTo(StoreState.OFFLINE);
        assertThat(harness.events()).anySatisfy(e -> {
            assertThat(e.getReason()).isEqualTo("MemberReplaced");
            assertThat(e.getMessage()).contains("cache-store-1", "data-cache-store-1", "downStoreReplaceAfter");
        });
        await().atMost(WAIT).untilAsserted(() -> assertThat(harness.get("cache").getStatus().raftKv().stores())
                .filteredOn(s -> s.pod().equals("cache-store-1")).singleElement()
                .satisfies(s -> assertThat(s.replaced()).isTrue()));

        // Its fresh pod starts; it is not replaced again while its store cannot register yet.
        materialise();
        for (int i = 0; i < 3; i++) {
            harness.reconcileNow("cache");
        }
        assertThat(pod("cache-store-1")).isNotNull();
    }

    @Test
    void anUpgradeRestartsOneStoreAtATimeAndOnlyOnceItsLeadersMovedAway() {
        harness.create(resource("cache", spec(3)));
        harness.awaitObserved("cache");
        bringUp(3);
        awaitPhase("cache", Phase.Ready);
        String oldHash = pod("cache-store-0").getMetadata().getLabels().get(RaftKvModel.TEMPLATE_HASH_LABEL);

        harness.editSpec("cache", s -> s.withVersion("0.2"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(statefulSet("cache-store").getSpec().getTemplate().getMetadata().getLabels()
                .get(RaftKvModel.TEMPLATE_HASH_LABEL)).isNotEqualTo(oldHash));

        List<String> restarted = new ArrayList<>();
        String leader = "cache-store-0";
        for (int round = 0; !(restarted.size() == 3 && settled()); round++) {
            if (round == 40) {
                throw new AssertionError("the upgrade did not finish; restarted so far: " + restarted);
            }
            harness.reconcileNow("cache");
            long evicted = List.of("cache-store-0", "cache-store-1", "cache-store-2").stream()
                    .filter(p -> stores.status(p).getLeaderEvicted()).count();
            assertThat(evicted).as("one store at a time").isLessThanOrEqualTo(1);
            if (stores.status(leader).getLeaderEvicted()) {
                // PD moves the leader away; the stores report it, as real ones would after the transfer.
                leader = leader.equals("cache-store-0") ? "cache-store-1" : "cache-store-0";
                stores.leadFirstRegion(leader);
            }
            for (String pod : materialise()) {
                assertThat(pod).as("a store restarts only once it leads nothing").isNotEqualTo(leader);
                restarted.add(pod);
            }
        }

        assertThat(restarted).as("the highest ordinal first, one at a time").containsExactly("cache-store-2", "cache-store-1", "cache-store-0");
        ManagedKVS upgraded = awaitPhase("cache", Phase.Ready);
        assertThat(upgraded.getStatus().version()).isEqualTo("0.2");
        assertThat(upgraded.getStatus().raftKv().stores()).allSatisfy(s -> assertThat(s.leaderEvicted()).isFalse());
        assertThat(harness.events()).extracting(Event::getReason).contains("UpgradingStores", "MemberRestarted");
    }

    private boolean settled() {
        ManagedKVS r = harness.get("cache");
        return r.getStatus() != null && r.getStatus().condition(Condition.PROGRESSING).map(c -> c.status().equals(Condition.FALSE)).orElse(false)
                && r.getStatus().phase() == Phase.Ready;
    }

    /** Pods for both StatefulSets, stores registered with PD, the first region bootstrapped and led by store 0. */
    private void bringUp(int storeCount) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(statefulSet("cache-store")).isNotNull());
        materialise();
        for (int i = 0; i < storeCount; i++) {
            stores.start("cache-store-" + i);
        }
        stores.bootstrap("cache-store-0");
        stores.leadFirstRegion("cache-store-0");
        harness.reconcileNow("cache");
    }

    /** Plays the StatefulSet controller for both StatefulSets; returns the pods it created. */
    private List<String> materialise() {
        return new MockStatefulSets(harness.client(), NAMESPACE).materialise("cache-pd", "cache-store");
    }

    /** A claim as the StatefulSet controller creates it from the claim template. */
    private void claim(String name) {
        StatefulSet set = statefulSet("cache-store");
        PersistentVolumeClaim template = set.getSpec().getVolumeClaimTemplates().get(0);
        harness.client().resource(new PersistentVolumeClaimBuilder().withNewMetadata().withName(name).withNamespace(NAMESPACE)
                .withLabels(template.getMetadata().getLabels()).endMetadata().withSpec(template.getSpec()).build()).create();
    }

    private ManagedKVS awaitPhase(String name, Phase phase) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            harness.reconcileNow(name);
            ManagedKVS r = harness.get(name);
            assertThat(r.getStatus().phase()).as("phase; conditions %s", r.getStatus().conditions()).isEqualTo(phase);
        });
        return harness.get(name);
    }

    private ManagedKVS awaitReady(String name, String ready) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            harness.reconcileNow(name);
            ManagedKVS r = harness.get(name);
            assertThat(r.getStatus().ready()).as("conditions %s", r.getStatus().conditions()).isEqualTo(ready);
            assertThat(r.getStatus().phase()).isEqualTo(Phase.Ready);
        });
        return harness.get(name);
    }

    private ManagedKVS awaitCondition(String name, String type, String reason) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            ManagedKVS r = harness.get(name);
            assertThat(r.getStatus().condition(type).orElseThrow().reason()).isEqualTo(reason);
        });
        return harness.get(name);
    }

    private StatefulSet statefulSet(String name) {
        return new MockStatefulSets(harness.client(), NAMESPACE).statefulSet(name);
    }

    private Pod pod(String name) {
        return new MockStatefulSets(harness.client(), NAMESPACE).pod(name);
    }
}
