package io.managedkvs.operator.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

/**
 * Starts the {@link MockApiServer} for a {@code @QuarkusTest} and points the application's
 * Kubernetes client at it; a test field annotated {@link InjectMockApiServer} receives the server.
 */
public class MockApiServerResource implements QuarkusTestResourceLifecycleManager {

    /** Marks the test field that receives the running {@link MockApiServer}. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectMockApiServer {
    }

    private MockApiServer server;

    @Override
    public Map<String, String> start() {
        server = new MockApiServer();
        return Map.of(
                "quarkus.kubernetes-client.api-server-url", server.url(),
                "quarkus.kubernetes-client.trust-certs", "true",
                "quarkus.kubernetes-client.namespace", OperatorHarness.NAMESPACE,
                // Exercised the way the chart sets it for a namespace-scoped install.
                "quarkus.operator-sdk.controllers.managedkvs.namespaces", OperatorHarness.NAMESPACE);
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(server, new TestInjector.AnnotatedAndMatchesType(InjectMockApiServer.class, MockApiServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
