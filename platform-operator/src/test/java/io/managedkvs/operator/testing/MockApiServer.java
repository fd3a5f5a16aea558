package io.managedkvs.operator.testing;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersionBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.managedkvs.api.resource.ManagedKVS;
import io.managedkvs.api.resource.ManagedKVSBackup;
import java.net.InetAddress;
import java.util.HashMap;

/**
 * fabric8's mock API server in CRUD mode with the {@link ServerSideApplyCrudDispatcher}, on a free
 * loopback port, with the ManagedKVS and ManagedKVSBackup CRDs (status subresource included) registered.
 */
public final class MockApiServer implements AutoCloseable {

    private final ServerSideApplyCrudDispatcher dispatcher = new ServerSideApplyCrudDispatcher();
    private final KubernetesMockServer server;
    private final KubernetesClient client;

    public MockApiServer() {
        server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), new HashMap<>(),
                dispatcher, false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient();
        client.apiextensions().v1().customResourceDefinitions().resource(crd()).create();
        client.apiextensions().v1().customResourceDefinitions().resource(crd(ManagedKVSBackup.class)).create();
    }

    /** The CRD built from the resource class, with the status subresource the operator writes through. */
    public static CustomResourceDefinition crd() {
        return crd(ManagedKVS.class);
    }

    /** The CRD of a custom resource class, with the status subresource. */
    public static CustomResourceDefinition crd(Class<? extends CustomResource<?, ?>> type) {
        CustomResourceDefinition crd = CustomResourceDefinitionContext.v1CRDFromCustomResourceType(type).build();
        crd.getSpec().setVersions(java.util.List.of(new CustomResourceDefinitionVersionBuilder(crd.getSpec().getVersions().get(0))
                .withNewSubresources().withNewStatus().endStatus().endSubresources()
                .build()));
        return crd;
    }

    public ServerSideApplyCrudDispatcher dispatcher() {
        return dispatcher;
    }

    public KubernetesClient client() {
        return client;
    }

    public String url() {
        return server.url("/");
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
