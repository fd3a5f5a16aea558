package io.managedkvs.operator.testing;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.managedkvs.api.engine.KvsEngine;
import io.managedkvs.api.engine.ReconcileTrigger;
import io.managedkvs.api.engine.ResourceRef;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.resource.ManagedKVSSpec;
import io.managedkvs.operator.engine.EngineRegistry;
import io.managedkvs.operator.engine.ReconcileTriggerSource;
import io.managedkvs.operator.fixture.FixtureEngine;
import io.managedkvs.operator.metrics.OperatorMetrics;
import io.managedkvs.operator.reconcile.ManagedKvsReconciler;
import io.managedkvs.operator.reconcile.ReconcileSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The reconciler running in a plain Operator SDK operator (no Quarkus) against the mock API server,
 * with the fixture engine. Resyncs are an hour apart so that only the test decides when a reconcile
 * runs beyond those the watches cause; retries are quick.
 */
public final class OperatorHarness implements AutoCloseable {

    public static final String NAMESPACE = "apps";
    public static final String OPERATOR_USER_AGENT = "managed-kvs-operator-under-test";

    public final MockApiServer api = new MockApiServer();
    public final FixtureEngine engine = new FixtureEngine();
    public final ReconcileTriggerSource trigger = new ReconcileTriggerSource();
    public final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    public final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    /** The operator's own client, told apart from the test's by its User-Agent. */
    private final KubernetesClient operatorClient = new KubernetesClientBuilder()
            .withConfig(new ConfigBuilder(api.client().getConfiguration()).withUserAgent(OPERATOR_USER_AGENT).build()).build();
    private final java.util.function.Function<ReconcileTrigger, List<KvsEngine<?>>> engines;
    private Operator operator;

    public OperatorHarness() {
        this(trigger -> List.of());
    }

    /** A harness running the fixture engine and the engines made by {@code engines} with the harness's trigger. */
    public OperatorHarness(java.util.function.Function<ReconcileTrigger, List<KvsEngine<?>>> engines) {
        this.engines = engines;
        operator = startOperator();
    }

    private Operator startOperator() {
        List<KvsEngine<?>> all = new java.util.ArrayList<>(engines.apply(trigger));
        all.add(engine);
        ManagedKvsReconciler reconciler = new ManagedKvsReconciler(new EngineRegistry(all), trigger,
                new OperatorMetrics(meters), new ReconcileSettings(Duration.ofHours(1), Duration.ofHours(1)), clock);
        Operator started = new Operator(o -> o.withKubernetesClient(operatorClient).withCloseClientOnStop(false));
        started.register(reconciler, o -> o.withRetry(new GenericRetry().setInitialInterval(Duration.ofMillis(100)).setMaxAttempts(5)));
        started.start();
        return started;
    }

    /**
     * Stops the operator and starts a new one on the same API server, with engines made anew: what
     * survives is only what is stored in the cluster, as after a restart of the operator's pod.
     */
    public void restartOperator() {
        operator.stop();
        operator = startOperator();
    }

    public KubernetesClient client() {
        return api.client();
    }

    public ServerSideApplyCrudDispatcher dispatcher() {
        return api.dispatcher();
    }

    public static ManagedKVS resource(String name, ManagedKVSSpec spec) {
        return new ManagedKVS(NAMESPACE, name, spec);
    }

    public static ManagedKVSSpec fixtureSpec(String version, int replicas) {
        return ManagedKVSSpec.of(FixtureEngine.NAME, version).withReplicas(replicas);
    }

    public ManagedKVS create(ManagedKVS resource) {
        return client().resource(resource).create();
    }

    public ManagedKVS get(String name) {
        return client().resources(ManagedKVS.class).inNamespace(NAMESPACE).withName(name).get();
    }

    public ManagedKVS editSpec(String name, UnaryOperator<ManagedKVSSpec> change) {
        return client().resources(ManagedKVS.class).inNamespace(NAMESPACE).withName(name).edit(r -> {
            r.setSpec(change.apply(r.getSpec()));
            return r;
        });
    }

    /** Waits until the status describes the current generation. */
    public ManagedKVS awaitObserved(String name) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            ManagedKVS r = get(name);
            return r != null && r.getStatus() != null && r.getMetadata().getGeneration().equals(r.getStatus().observedGeneration());
        });
        return get(name);
    }

    /** Reconciles finished so far, whatever their result. */
    public double reconciles() {
        return meters.find(OperatorMetrics.RECONCILIATIONS).counters().stream().mapToDouble(Counter::count).sum();
    }

    /** Asks for a reconcile of {@code name} and waits until a reconcile has finished after the request. */
    public void reconcileNow(String name) {
        double before = reconciles();
        trigger.reconcileSoon(new ResourceRef(NAMESPACE, name));
        await().atMost(Duration.ofSeconds(20)).until(() -> reconciles() > before);
    }

    /** Waits until no request reaches the mock for a while: the watches' echoes of earlier writes are done. */
    public void awaitQuiet() {
        int[] last = {-1};
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).until(() -> {
            int now = writes();
            boolean quiet = now == last[0];
            last[0] = now;
            return quiet;
        });
    }

    public int writes() {
        return (int) dispatcher().calls().stream().filter(ServerSideApplyCrudDispatcher.Call::isWrite).count();
    }

    public List<Event> events() {
        return client().v1().events().inNamespace(NAMESPACE).list().getItems();
    }

    @Override
    public void close() {
        try {
            operator.stop();
        } finally {
            operatorClient.close();
            api.close();
        }
    }
}
