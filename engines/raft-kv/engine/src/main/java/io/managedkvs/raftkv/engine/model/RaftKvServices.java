package io.managedkvs.raftkv.engine.model;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.managedkvs.api.resource.ExposeSpec;
import io.managedkvs.api.resource.Labels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Services of an instance: a client Service over every store (each serves every key, forwarding
 * to the region's leader), the placement driver's client Service, and a headless Service per
 * component that publishes pods before they are ready, because stores and placement driver members
 * must find each other to become ready.
 */
final class RaftKvServices {

    private final RaftKvNames names;
    private final boolean resp;

    RaftKvServices(RaftKvNames names, boolean resp) {
        this.names = names;
        this.resp = resp;
    }

    List<Service> all(ExposeSpec expose) {
        List<ServicePort> clientPorts = new ArrayList<>(List.of(port("grpc", RaftKvNames.STORE_GRPC_PORT)));
        if (resp) {
            clientPorts.add(port("resp", RaftKvNames.RESP_PORT));
        }
        List<Service> out = new ArrayList<>(List.of(
                clusterIp(names.clientService(), RaftKvNames.COMPONENT_STORE, clientPorts),
                clusterIp(names.pdService(), RaftKvNames.COMPONENT_PD, List.of(port("grpc", RaftKvNames.PD_PORT))),
                headless(names.storeHeadlessService(), RaftKvNames.COMPONENT_STORE, clientPorts),
                headless(names.pdHeadlessService(), RaftKvNames.COMPONENT_PD, List.of(port("grpc", RaftKvNames.PD_PORT)))));
        if (expose != null && expose.exposesExternally()) {
            out.add(external(expose));
        }
        return out;
    }

    private Map<String, String> selector(String component) {
        return new LinkedHashMap<>(Labels.selector(RaftKvNames.ENGINE, names.instance(), component));
    }

    private Service clusterIp(String name, String component, List<ServicePort> ports) {
        return new ServiceBuilder()
                .withNewMetadata().withName(name).withNamespace(names.namespace())
                .withLabels(Labels.of(RaftKvNames.ENGINE, names.instance(), component)).endMetadata()
                .withNewSpec().withType("ClusterIP").withSelector(selector(component)).withPorts(ports).endSpec()
                .build();
    }

    private Service headless(String name, String component, List<ServicePort> ports) {
        return new ServiceBuilder()
                .withNewMetadata().withName(name).withNamespace(names.namespace())
                .withLabels(Labels.of(RaftKvNames.ENGINE, names.instance(), component)).endMetadata()
                .withNewSpec().withClusterIP("None").withPublishNotReadyAddresses(true)
                .withSelector(selector(component))
                .withPorts(ports).endSpec()
                .build();
    }

    /** The client protocol from outside: RESP when served, else gRPC. */
    private Service external(ExposeSpec expose) {
        ServicePort port = resp ? port("resp", RaftKvNames.RESP_PORT) : port("grpc", RaftKvNames.STORE_GRPC_PORT);
        if (expose.effectiveType() == ExposeSpec.ExposeType.NodePort && expose.nodePort() != null) {
            port = new ServicePortBuilder(port).withNodePort(expose.nodePort()).build();
        }
        return new ServiceBuilder()
                .withNewMetadata().withName(names.externalService()).withNamespace(names.namespace())
                .withLabels(Labels.of(RaftKvNames.ENGINE, names.instance(), RaftKvNames.COMPONENT_STORE))
                .withAnnotations(expose.annotations().isEmpty() ? null : new LinkedHashMap<>(expose.annotations()))
                .endMetadata()
                .withNewSpec()
                .withType(expose.effectiveType().name())
                .withSelector(selector(RaftKvNames.COMPONENT_STORE))
                .withPorts(port)
                .withLoadBalancerSourceRanges(expose.effectiveType() == ExposeSpec.ExposeType.LoadBalancer
                        && !expose.loadBalancerSourceRanges().isEmpty() ? expose.loadBalancerSourceRanges() : null)
                .endSpec()
                .build();
    }

    private static ServicePort port(String name, int port) {
        return new ServicePortBuilder().withName(name).withPort(port).withTargetPort(new IntOrString(name)).withProtocol("TCP").build();
    }
}
